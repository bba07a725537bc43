package dev.supervisor.spring.handle;

/**
 * Thrown by a call through a {@link ChildHandle} when no running incarnation of the child
 * became available in time, or when too many callers already wait for one.
 */
public class ChildUnavailableException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/** The path of the child. */
	private final String path;

	/** The state the child was in. */
	private final String state;

	/**
	 * @param path the child's path
	 * @param state the child's state as operators see it, e.g. {@code restarting}
	 * @param message what happened
	 * @param cause the cause, if any
	 */
	public ChildUnavailableException(String path, String state, String message, Throwable cause) {
		super(message, cause);
		this.path = path;
		this.state = state;
	}

	/**
	 * @param path the child's path
	 * @param state the child's state as operators see it, e.g. {@code restarting}
	 * @param message what happened
	 */
	public ChildUnavailableException(String path, String state, String message) {
		super(message);
		this.path = path;
		this.state = state;
	}

	/**
	 * Return the child's path.
	 * @return the child's path
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * @return the child's state when the call gave up, e.g. {@code restarting} or
	 * {@code failed}
	 */
	public String getState() {
		return this.state;
	}

}
