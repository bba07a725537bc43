package dev.supervisor.demo.facts;

/**
 * Thrown by a consumer that reached a fact it cannot apply. It may not skip it, so it
 * crashes, and stays down with its group until an operator has dropped the fact.
 */
public class PoisonFactException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param consumer the consumer
	 * @param fact the fact it cannot apply
	 */
	public PoisonFactException(String consumer, Fact fact) {
		super("Consumer '" + consumer + "' cannot apply poison fact #" + fact.offset()
				+ " and may not skip it: drop it with DELETE /facts/poison, then restart the tree 'facts'");
	}

}
