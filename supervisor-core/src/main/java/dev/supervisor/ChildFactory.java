package dev.supervisor;

import org.jspecify.annotations.Nullable;

/**
 * Creates the instance of every incarnation of a child: a fresh one (a restart then never reuses
 * the state of a previous incarnation), or the same one each time (a singleton), in which case a
 * new incarnation never runs while an abandoned one is still inside it (see {@link #target}).
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

	/**
	 * The object whose state an instance's incarnation runs on: the instance itself, or what it
	 * adapts (e.g. the bean behind an adapter). Java cannot kill a thread, so an incarnation its
	 * supervisor abandoned ({@code killed}) may still run; a new incarnation whose target is the
	 * target of such an incarnation waits until that one has ended, while a fresh target starts at
	 * once. Runs on the supervisor's thread, only while an abandoned incarnation of the tree is alive.
	 * @param instance an instance {@link #create} returned
	 * @return the object two incarnations must never run on at once; by default the instance
	 */
	default Object target(T instance) {
		return instance;
	}

}
