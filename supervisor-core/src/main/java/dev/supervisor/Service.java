package dev.supervisor;

/**
 * A child with a start and a stop, such as a connection holder. {@link #start} runs on its
 * supervisor's thread (like OTP's synchronous {@code init/1}); the service later reports a crash or
 * a normal exit through {@link ServiceContext#fail} or {@link ServiceContext#exit}.
 */
public interface Service {

	/**
	 * Starts this incarnation. Throwing fails the start.
	 * @param context the incarnation's context
	 * @throws Exception if the start failed
	 */
	void start(ServiceContext context) throws Exception;

	/**
	 * Stops this incarnation; called on a thread of its own, so the supervisor can wait for it no
	 * longer than the child's shutdown. Not called after the service reported its own exit.
	 * @param context the incarnation's context
	 * @throws Exception if stopping failed (reported, the incarnation is ended anyway)
	 */
	void stop(ServiceContext context) throws Exception;

}
