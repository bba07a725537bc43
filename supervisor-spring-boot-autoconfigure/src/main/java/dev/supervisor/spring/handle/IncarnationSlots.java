package dev.supervisor.spring.handle;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The running incarnation of every supervised worker and service, by path, and the
 * callers that use it through handles. An incarnation is <em>open</em> from the end of
 * its start until its stop begins (or it exits); closing it lets no new call in and,
 * before a stop, waits for the calls in progress. So a call never reaches an incarnation
 * that has been asked to stop, and never one that has been released.
 * <p>Internal: public only so that the registry and the handles can use it; not API, may change without notice.
 */
public final class IncarnationSlots {

	private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

	/**
	 * Opens an incarnation: calls reach it from now on.
	 * @param path the child's path
	 * @param target the object calls reach
	 * @return the incarnation's entry, to close it
	 */
	Generation open(String path, Object target) {
		while (true) {
			Slot slot = this.slots.computeIfAbsent(path, Slot::new);
			slot.lock.lock();
			try {
				if (slot.retired) {
					continue;
				}
				Generation generation = new Generation(slot, target);
				slot.current = generation;
				slot.changed.signalAll();
				return generation;
			}
			finally {
				slot.lock.unlock();
			}
		}
	}

	/**
	 * Closes an incarnation: no new call reaches it.
	 * @param generation the incarnation
	 * @param drain whether to wait for the calls in progress to end
	 */
	void close(Generation generation, boolean drain) {
		Slot slot = generation.slot;
		slot.lock.lock();
		try {
			generation.closed = true;
			if (slot.current == generation) {
				slot.current = null;
			}
			if (drain) {
				awaitDrained(generation);
			}
			retireIfUnused(slot);
		}
		finally {
			slot.lock.unlock();
		}
	}

	/**
	 * Waits until no call is using the incarnation any more.
	 * @param generation the incarnation
	 */
	void drain(Generation generation) {
		generation.slot.lock.lock();
		try {
			awaitDrained(generation);
		}
		finally {
			generation.slot.lock.unlock();
		}
	}

	private void awaitDrained(Generation generation) {
		// Uninterruptibly: the supervisor bounds its own wait with the child's shutdown
		// and never
		// releases an incarnation it abandoned before it has really ended.
		while (generation.active > 0) {
			generation.slot.changed.awaitUninterruptibly();
		}
	}

	/**
	 * Whether an incarnation is open for calls at the path right now (a hint: read without the lock).
	 * @param path the child's path
	 * @return {@code true} if one is open
	 */
	public boolean isOpen(String path) {
		Slot slot = this.slots.get(path);
		return slot != null && slot.current != null;
	}

	/**
	 * Takes the running incarnation at the path for one call, waiting for one up to the
	 * timeout.
	 * @param path the child's path
	 * @param timeout how long to wait for an incarnation
	 * @param maxWaiting how many callers may wait at once
	 * @param state describes the child's state for the exception; asked without holding a
	 * lock, since it may have to ask the supervisor
	 * @return the incarnation; {@link #release} it when the call is done
	 * @throws ChildUnavailableException if none was running in time, or too many callers
	 * wait
	 */
	public Generation acquire(String path, Duration timeout, int maxWaiting, Supplier<String> state) {
		long deadline = System.nanoTime() + timeout.toNanos();
		int waitingBefore = -1;
		while (true) {
			Slot slot = this.slots.computeIfAbsent(path, Slot::new);
			slot.lock.lock();
			try {
				if (slot.retired) {
					continue;
				}
				if (slot.current == null && slot.waiting >= maxWaiting) {
					waitingBefore = slot.waiting;
					break;
				}
				Generation generation = awaitCurrent(slot, path, deadline);
				if (generation != null) {
					return generation;
				}
				break;
			}
			finally {
				slot.lock.unlock();
			}
		}
		String current = state.get();
		if (waitingBefore >= 0) {
			throw new ChildUnavailableException(path, current,
					"Supervised child '" + path + "' is " + current + " and " + waitingBefore
							+ " callers already wait for it (supervision.handles.max-waiting is " + maxWaiting + ")");
		}
		throw new ChildUnavailableException(path, current, "Supervised child '" + path + "' is " + current
				+ ": no running incarnation within " + timeout.toMillis() + "ms (supervision.handles.wait-timeout)");
	}

	/**
	 * Waits for an open incarnation, the slot's lock held; {@code null} at the deadline.
	 */
	private @Nullable Generation awaitCurrent(Slot slot, String path, long deadline) {
		slot.waiting++;
		try {
			while (slot.current == null) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return null;
				}
				slot.changed.awaitNanos(remaining);
			}
			Generation generation = slot.current;
			generation.active++;
			return generation;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ChildUnavailableException(path, "unknown",
					"Interrupted while waiting for supervised child '" + path + "'", ex);
		}
		finally {
			slot.waiting--;
			retireIfUnused(slot);
		}
	}

	/**
	 * Ends one call on an incarnation.
	 * @param generation the incarnation {@link #acquire} returned
	 */
	public void release(Generation generation) {
		Slot slot = generation.slot;
		slot.lock.lock();
		try {
			generation.active--;
			if (generation.active == 0 && generation.closed) {
				slot.changed.signalAll();
			}
		}
		finally {
			slot.lock.unlock();
		}
	}

	/**
	 * Return how many callers wait for the child at the path.
	 * @param path the child's path
	 * @return how many callers wait for the child at the path
	 */
	public int waiting(String path) {
		Slot slot = this.slots.get(path);
		if (slot == null) {
			return 0;
		}
		slot.lock.lock();
		try {
			return slot.waiting;
		}
		finally {
			slot.lock.unlock();
		}
	}

	private void retireIfUnused(Slot slot) {
		// Dynamic children come and go: forget a path nobody runs at or waits for.
		if (slot.current == null && slot.waiting == 0 && !slot.retired) {
			slot.retired = true;
			this.slots.remove(slot.path, slot);
		}
	}

	/** One path: its open incarnation and its waiting callers, guarded by its lock. */
	static final class Slot {

		final String path;

		final ReentrantLock lock = new ReentrantLock();

		final Condition changed = this.lock.newCondition();

		volatile @Nullable Generation current;

		int waiting;

		/** Set once the slot left the map; users look the path up again. */
		boolean retired;

		Slot(String path) {
			this.path = path;
		}

	}

	/** One incarnation as handles see it; its fields are guarded by its slot's lock. */
	public static final class Generation {

		final Slot slot;

		final Object target;

		int active;

		boolean closed;

		Generation(Slot slot, Object target) {
			this.slot = slot;
			this.target = target;
		}

		/**
		 * The object calls reach: the incarnation's instance, or the bean it adapts.
		 * @return the target, never {@code null}
		 */
		public Object target() {
			return this.target;
		}

	}

}
