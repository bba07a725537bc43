package dev.supervisor;

import org.jspecify.annotations.Nullable;

/**
 * Creates a fresh instance for every incarnation of a child: a restart never reuses the
 * instance of a previous incarnation.
 *
 * @param <T> {@link Worker} or {@link Service}
 */
@FunctionalInterface
public interface ChildFactory<T> {

	/**
	 * Creates the instance of a new incarnation. Runs on the supervisor's thread.
	 * @param context the new incarnation's context
	 * @return the instance, or {@code null} to decline the start (OTP {@code ignore}): the child
	 * stays in its supervisor, not running, and a temporary one is dropped
	 * @throws Exception if the start failed
	 */
	@Nullable T create(ChildContext context) throws Exception;

	/**
	 * Releases the instance of an incarnation that has ended (e.g. runs destroy callbacks). Runs
	 * on the supervisor's thread after the incarnation ended, and never for one abandoned as
	 * {@code killed} while it may still be running.
	 * @param instance the instance {@link #create} returned
	 */
	default void release(T instance) {
	}

}
