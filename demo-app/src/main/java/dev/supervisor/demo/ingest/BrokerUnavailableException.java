package dev.supervisor.demo.ingest;

/**
 * Thrown when the simulated broker refuses a connection or a connection is lost. Nothing
 * of a refused batch was written.
 */
public class BrokerUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message what happened
	 */
	public BrokerUnavailableException(String message) {
		super(message);
	}

}
