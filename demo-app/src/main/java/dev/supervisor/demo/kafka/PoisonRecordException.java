package dev.supervisor.demo.kafka;

/**
 * Thrown by the consumer for a record it cannot write: its container stops abnormally.
 */
public class PoisonRecordException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message where the record is and why it is poison
	 */
	public PoisonRecordException(String message) {
		super(message);
	}

}
