package dev.supervisor;

/** The context of a {@link Service} incarnation, through which it reports that it ended. */
public interface ServiceContext extends ChildContext {

	/**
	 * Reports that this incarnation has crashed; the supervisor applies the restart rules. Calls
	 * after the first report, or after the incarnation ended, are ignored. A
	 * {@link ShutdownException} is not a crash: it ends the incarnation with reason
	 * {@code shutdown} and its detail (see {@link #shutdown(String)}).
	 * @param error why
	 */
	void fail(Throwable error);

	/**
	 * Reports that this incarnation ended itself with reason {@code shutdown} and a detail (OTP
	 * {@code exit({shutdown, Detail})}): not a failure, so a {@code transient} child is not
	 * restarted. Calls after the first report, or after the incarnation ended, are ignored.
	 * @param detail why, e.g. {@code "queue deleted"}
	 */
	default void shutdown(String detail) {
		fail(new ShutdownException(detail));
	}

	/**
	 * Reports that this incarnation finished normally ({@code normal} exit). Calls after the first
	 * report, or after the incarnation ended, are ignored.
	 */
	void exit();

}
