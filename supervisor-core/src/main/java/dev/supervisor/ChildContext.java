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

}
