package dev.supervisor.demo.ingest;

/**
 * Thrown when a message is refused because the backlog of its producer is full.
 */
public class BacklogFullException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String producer;

	/**
	 * @param producer the producer's path
	 * @param capacity the capacity of its backlog
	 */
	public BacklogFullException(String producer, int capacity) {
		super("The backlog of '" + producer + "' is full (" + capacity
				+ " accepted messages are not in the journal yet): the message was not accepted, retry later");
		this.producer = producer;
	}

	/**
	 * Return the producer's path.
	 * @return the producer's path
	 */
	public String getProducer() {
		return this.producer;
	}

}
