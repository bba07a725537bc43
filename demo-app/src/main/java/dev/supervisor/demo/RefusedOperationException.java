package dev.supervisor.demo;

import dev.supervisor.Outcome;

/**
 * Thrown by the demo when a supervisor refused an operation (an {@link Outcome} other than
 * {@code OK}) that the request cannot do without: {@link ApiErrors} answers it with the
 * status that fits the refusal and its message, never a 500.
 */
public final class RefusedOperationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient Outcome outcome;

	/**
	 * @param what what the request wanted, e.g. {@code "Bucket 'x' could not be started"}
	 * @param outcome the refusal
	 */
	public RefusedOperationException(String what, Outcome outcome) {
		super(what + ": " + outcome.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ", "
				+ outcome.message(), outcome.error());
		this.outcome = outcome;
	}

	/**
	 * Return the refusal.
	 * @return the outcome
	 */
	public Outcome getOutcome() {
		return this.outcome;
	}

}
