package dev.supervisor;

/**
 * A child that runs on its own thread. Returning is a normal exit, throwing is a crash; a stop
 * request interrupts the thread and sets {@link ChildContext#stopRequested()}.
 */
@FunctionalInterface
public interface Worker {

	/**
	 * Runs this incarnation until it finishes, fails or is asked to stop.
	 * @param context the incarnation's context
	 * @throws Exception a crash
	 */
	void run(ChildContext context) throws Exception;

}
