package dev.supervisor;

/** The context of a {@link Service} incarnation, through which it reports that it ended. */
public interface ServiceContext extends ChildContext {

	/**
	 * Reports that this incarnation has crashed; the supervisor applies the restart rules. Calls
	 * after the first report, or after the incarnation ended, are ignored.
	 * @param error why
	 */
	void fail(Throwable error);

	/**
	 * Reports that this incarnation finished normally ({@code normal} exit). Calls after the first
	 * report, or after the incarnation ended, are ignored.
	 */
	void exit();

}
