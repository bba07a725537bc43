package dev.supervisor;

/** Thrown by a query on a supervisor that is not running. */
public class SupervisorDownException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** The path of the supervisor that is down. */
	private final String path;

	/**
	 * @param path the supervisor's path
	 */
	public SupervisorDownException(String path) {
		super("Supervisor '" + path + "' is not running");
		this.path = path;
	}

	/** @return the supervisor's path */
	public String path() {
		return this.path;
	}

}
