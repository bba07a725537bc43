package dev.supervisor.internal;

/** A child's start failed (OTP {@code {error, Reason}} from {@code do_start_child}). */
final class ChildStartFailure extends Exception {

	private static final long serialVersionUID = 1L;

	/** The path of the child whose start failed; the deepest one for nested supervisors. */
	final String path;

	ChildStartFailure(String path, Throwable cause) {
		super(cause);
		this.path = path;
	}

}
