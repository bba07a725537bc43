package dev.supervisor;

import org.jspecify.annotations.Nullable;

/** What one incarnation of a child knows about itself; given to factories, workers and services. */
public interface ChildContext {

	/**
	 * The child's path in the tree, e.g. {@code ingest/consumers/c-3}.
	 * @return the path
	 */
	String path();

	/**
	 * The number of this incarnation: 1 for the first start, then one more per start.
	 * @return the incarnation number
	 */
	long incarnation();

	/**
	 * The extra start argument of a dynamic child ({@code start_child(Sup, ExtraArgs)} in OTP).
	 * @return the argument, {@code null} for static children or when none was given
	 */
	@Nullable Object argument();

	/**
	 * Whether the supervisor has asked this incarnation to stop. A worker should return soon
	 * after this turns {@code true} (it is also interrupted).
	 * @return {@code true} once a stop was requested
	 */
	boolean stopRequested();

	/**
	 * Whether the supervisor has stopped waiting for this incarnation: its shutdown time ran out,
	 * or it was killed (brutal kill, an operator's kill, its supervisor killed). It is then reported
	 * {@code killed}, a later incarnation may already run, and its thread is interrupted once more.
	 * <p>
	 * Java cannot kill a thread, so this is how a worker tells the two interrupts of a stop apart:
	 * the first comes with the stop request ({@link #stopRequested()}), and a cleanup on the way
	 * out (flushing a backlog, say) may keep going through it, and through any other interrupt, until
	 * this turns {@code true}. There is no OTP counterpart: there, {@code kill} cannot be trapped.
	 * @return {@code true} once the supervisor stopped waiting; always {@code false} for a context
	 * that no supervisor waits on (a wrapper must delegate)
	 */
	default boolean abandoned() {
		return false;
	}

}
