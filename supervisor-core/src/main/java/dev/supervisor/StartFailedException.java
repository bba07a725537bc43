package dev.supervisor;

/**
 * Thrown when a supervisor's start fails because one of its children failed to start. The
 * children already started were stopped again in reverse order.
 */
public class StartFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** The path of the child that failed to start. */
	private final String childPath;

	/**
	 * @param childPath the path of the child whose start failed
	 * @param cause why it failed
	 */
	public StartFailedException(String childPath, Throwable cause) {
		super("Child '" + childPath + "' failed to start: " + ExitReason.describe(cause), cause);
		this.childPath = childPath;
	}

	/** @return the path of the child whose start failed (the deepest one, for nested supervisors) */
	public String childPath() {
		return this.childPath;
	}

}
