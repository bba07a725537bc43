package dev.supervisor.demo.facts;

/**
 * A fact of the {@link FactLog}: something that happened, which every consumer must
 * apply, in order, without skipping any.
 *
 * @param offset its position in the log
 * @param amount what it adds to a consumer's balance
 * @param poison whether no consumer can apply it
 * @param dropped whether an operator dropped it (a dropped poison fact is skipped)
 */
public record Fact(long offset, long amount, boolean poison, boolean dropped) {

	/**
	 * Return this fact, dropped by an operator.
	 * @return this fact, dropped by an operator
	 */
	Fact drop() {
		return new Fact(this.offset, this.amount, this.poison, true);
	}

}
