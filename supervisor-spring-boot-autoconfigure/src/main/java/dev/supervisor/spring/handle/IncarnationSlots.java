package dev.supervisor.spring.handle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import dev.supervisor.ChildContext;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The running incarnation of every supervised worker and service, by path, and the
 * callers that use it through handles. An incarnation is <em>open</em> from the end of
 * its start until its stop begins (or it exits); closing it lets no new call in and,
 * before a stop, waits for the calls in progress. So a call never reaches an incarnation
 * that has been asked to stop, and never one that has been released. An incarnation that
 * was asked to stop before it opened (a late thread of one its supervisor gave up on)
 * never opens, so it can never hide a later incarnation.
 * <p>A call on an open incarnation takes no lock (Java memory model: the open incarnation
 * is a volatile field, and a call enters it with one compare-and-set on its counter of
 * calls, which carries a closed bit; closing sets that bit, so no call enters afterwards).
 * Locks are taken only to wait for an incarnation, to open or close one, and by the last
 * call of a closed incarnation, to wake whoever drains it.
 * <p>Internal: public only so that the registry and the handles can use it; not API, may change without notice.
 */
public final class IncarnationSlots {

	private static final Log logger = LogFactory.getLog(IncarnationSlots.class);

	private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

	/** Counts the state changes of children, so a waiting caller never misses one. */
	private final AtomicLong version = new AtomicLong();

	/**
	 * Opens an incarnation: calls reach it from now on, unless it has been asked to stop
	 * already (then it stays closed).
	 * @param path the child's path
	 * @param target the object calls reach
	 * @param incarnation the incarnation's context, which says whether it was asked to stop
	 * @return the incarnation's entry, to close it
	 */
	Generation open(String path, Object target, ChildContext incarnation) {
		while (true) {
			Slot slot = this.slots.computeIfAbsent(path, Slot::new);
			slot.lock.lock();
			try {
				if (slot.retired) {
					continue;
				}
				Generation generation = new Generation(slot, target, incarnation);
				// Under the lock: a later incarnation opens only after this one was asked to stop
				// (its supervisor starts it afterwards), so a stale one sees that here.
				if (incarnation.stopRequested()) {
					generation.close();
					retireIfUnused(slot);
					return generation;
				}
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
			generation.close();
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
	 * Closes an incarnation and runs the action once no call uses it: now, on this thread,
	 * if none does; otherwise on the thread of the last call, when it ends. Never waits: it
	 * runs on the supervisor's thread, and a call in progress may be waiting for that
	 * supervisor (a service that reported its exit and then asks the tree something).
	 * @param generation the incarnation
	 * @param release what to do once it is unused, e.g. release its instance
	 */
	void closeThenWhenUnused(Generation generation, Runnable release) {
		Slot slot = generation.slot;
		slot.lock.lock();
		try {
			generation.close();
			if (slot.current == generation) {
				slot.current = null;
			}
			retireIfUnused(slot);
			// A call that ends from now on sees the closed bit and takes the lock to run it.
			if (generation.active() > 0) {
				generation.whenUnused = release;
				return;
			}
		}
		finally {
			slot.lock.unlock();
		}
		release.run();
	}

	private void awaitDrained(Generation generation) {
		// Uninterruptibly, on the incarnation's own thread before it stops or reports its
		// exit; the supervisor bounds its own wait with the child's shutdown.
		while (generation.active() > 0) {
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
		return slot != null && usable(slot) != null;
	}

	/**
	 * The number of state changes so far ({@link #changed}): read it before asking whether a
	 * child may come back, and give it to {@link #acquire}, so a change in between is not missed.
	 * @return the current version
	 */
	public long version() {
		return this.version.get();
	}

	/**
	 * Tells the callers waiting for the child at the path that its state changed (it exited, was
	 * stopped, failed to start), so they ask again whether it may come back.
	 * @param path the child's path
	 */
	public void changed(String path) {
		this.version.incrementAndGet();
		Slot slot = this.slots.get(path);
		if (slot != null) {
			signal(slot);
		}
	}

	/**
	 * Tells the callers waiting for any child below a supervisor that its state changed (it
	 * stopped, gave up or failed to start).
	 * @param supervisorPath the supervisor's path
	 */
	public void changedBelow(String supervisorPath) {
		this.version.incrementAndGet();
		String prefix = supervisorPath + "/";
		for (Slot slot : this.slots.values()) {
			// Only slots with waiters matter; the version covers a caller about to wait.
			if (slot.waiting > 0 && slot.path.startsWith(prefix)) {
				signal(slot);
			}
		}
	}

	private static void signal(Slot slot) {
		slot.lock.lock();
		try {
			slot.changed.signalAll();
		}
		finally {
			slot.lock.unlock();
		}
	}

	/**
	 * Takes the running incarnation at the path for one call, waiting for one until the deadline,
	 * or until the child's state changes.
	 * @param path the child's path
	 * @param seenVersion the {@link #version()} read before the caller decided to wait
	 * @param deadline the deadline, on {@link System#nanoTime()}
	 * @param timeout the configured wait, for the message
	 * @param maxWaiting how many callers may wait at once
	 * @param unavailable makes the exception from what went wrong (a text that follows the
	 * child's state: {@code ": ..."} or {@code " and ..."}); asked without holding a lock, since
	 * it may have to ask the supervisor
	 * @return the incarnation ({@link #release} it when the call is done), or {@code null} if the
	 * child's state changed: ask again whether it may come back, then call again
	 * @throws ChildUnavailableException if none was running in time, or too many callers
	 * wait
	 */
	public @Nullable Generation acquire(String path, long seenVersion, long deadline, Duration timeout, int maxWaiting,
			Function<String, ChildUnavailableException> unavailable) {
		Generation open = tryAcquire(path);
		if (open != null) {
			return open;
		}
		int waitingBefore = -1;
		while (true) {
			Slot slot = this.slots.computeIfAbsent(path, Slot::new);
			slot.lock.lock();
			try {
				if (slot.retired) {
					continue;
				}
				if (usable(slot) == null && slot.waiting >= maxWaiting) {
					waitingBefore = slot.waiting;
					break;
				}
				Generation generation = awaitCurrent(slot, path, deadline, seenVersion);
				if (generation != null) {
					return generation;
				}
				if (this.version.get() != seenVersion) {
					return null;
				}
				break;
			}
			finally {
				slot.lock.unlock();
			}
		}
		if (waitingBefore >= 0) {
			throw unavailable.apply(" and " + waitingBefore
					+ " callers already wait for it (supervision.handles.max-waiting is " + maxWaiting + ")");
		}
		throw unavailable.apply(
				": no running incarnation within " + timeout.toMillis() + "ms (supervision.handles.wait-timeout)");
	}

	/**
	 * Takes the running incarnation at the path for one call if there is one, without a lock
	 * and without waiting.
	 * @param path the child's path
	 * @return the incarnation, to {@link #release} when the call is done; {@code null} if none
	 * is open (or it was just closed)
	 */
	public @Nullable Generation tryAcquire(String path) {
		Slot slot = this.slots.get(path);
		if (slot == null) {
			return null;
		}
		Generation generation = usable(slot);
		return (generation != null && generation.tryEnter()) ? generation : null;
	}

	/**
	 * Waits for an open incarnation, the slot's lock held; {@code null} at the deadline or once the
	 * version moved on.
	 */
	private @Nullable Generation awaitCurrent(Slot slot, String path, long deadline, long seenVersion) {
		slot.waiting++;
		try {
			while (true) {
				Generation generation = usable(slot);
				// Opening and closing hold this lock, so an open incarnation is not closed here.
				if (generation != null && generation.tryEnter()) {
					return generation;
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0 || this.version.get() != seenVersion) {
					return null;
				}
				slot.changed.awaitNanos(remaining);
			}
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
		if (!generation.exit()) {
			// Not the last call of a closed incarnation: nobody waits for this one.
			return;
		}
		Slot slot = generation.slot;
		Runnable whenUnused = null;
		slot.lock.lock();
		try {
			slot.changed.signalAll();
			whenUnused = generation.whenUnused;
			generation.whenUnused = null;
		}
		finally {
			slot.lock.unlock();
		}
		if (whenUnused != null) {
			runAfterLastCall(slot, whenUnused);
		}
	}

	private static void runAfterLastCall(Slot slot, Runnable release) {
		try {
			release.run();
		}
		catch (Throwable ex) {
			// On a caller's thread: its call is done, and the failure is not its own.
			logger.warn("Releasing an incarnation of '" + slot.path + "' after its last call failed", ex);
		}
	}

	/** The open incarnation calls may reach: none once it was asked to stop. */
	private static @Nullable Generation usable(Slot slot) {
		Generation generation = slot.current;
		return (generation != null && !generation.incarnation.stopRequested()) ? generation : null;
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

		/** Guarded by the lock; read without it only as a hint. */
		volatile int waiting;

		/** Set once the slot left the map; users look the path up again. */
		boolean retired;

		Slot(String path) {
			this.path = path;
		}

	}

	/**
	 * One incarnation as handles see it: the calls in progress and whether it is closed, in
	 * one atomic counter; {@link #whenUnused} is guarded by its slot's lock.
	 */
	public static final class Generation {

		/** The closed bit of {@link #calls}; the bits below count the calls in progress. */
		private static final int CLOSED = 1 << 30;

		private static final VarHandle CALLS;

		static {
			try {
				CALLS = MethodHandles.lookup().findVarHandle(Generation.class, "calls", int.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		final Slot slot;

		final Object target;

		final ChildContext incarnation;

		/** Calls in progress, plus {@link #CLOSED} once closed; changed only atomically. */
		private volatile int calls;

		/** What to run when the last call ends, once closed (its release). */
		@Nullable Runnable whenUnused;

		Generation(Slot slot, Object target, ChildContext incarnation) {
			this.slot = slot;
			this.target = target;
			this.incarnation = incarnation;
		}

		/** Enters one call unless closed. */
		boolean tryEnter() {
			int current = this.calls;
			while ((current & CLOSED) == 0) {
				int witness = (int) CALLS.compareAndExchange(this, current, current + 1);
				if (witness == current) {
					return true;
				}
				current = witness;
			}
			return false;
		}

		/**
		 * Ends one call.
		 * @return whether it was the last call of a closed incarnation
		 */
		boolean exit() {
			return (int) CALLS.getAndAdd(this, -1) - 1 == CLOSED;
		}

		/** Lets no further call in. */
		void close() {
			int current = this.calls;
			while ((current & CLOSED) == 0) {
				int witness = (int) CALLS.compareAndExchange(this, current, current | CLOSED);
				if (witness == current) {
					return;
				}
				current = witness;
			}
		}

		/** The calls in progress. */
		int active() {
			return this.calls & ~CLOSED;
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
