package dev.supervisor;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to, for deterministic tests of restart windows, backoff and
 * shutdown timeouts. Supervisors waiting on it are woken on every {@link #advance}.
 */
public final class ManualClock implements SupervisionClock {

	private final AtomicLong nanos = new AtomicLong();

	private final long epochMillis;

	private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();

	/** A manual clock whose wall time starts at 2026-01-01T00:00:00Z. */
	public ManualClock() {
		this(1_767_225_600_000L);
	}

	/**
	 * A manual clock whose wall time starts at the given instant.
	 * @param epochMillis the wall time at creation, in milliseconds since the epoch
	 */
	public ManualClock(long epochMillis) {
		this.epochMillis = epochMillis;
	}

	/**
	 * Moves the clock forward and wakes every supervisor waiting on it.
	 * @param duration how far, not negative
	 */
	public void advance(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("a clock cannot go back (" + duration + ")");
		}
		this.nanos.addAndGet(duration.toNanos());
		this.listeners.forEach(Runnable::run);
	}

	@Override
	public long nanoTime() {
		return this.nanos.get();
	}

	@Override
	public long currentTimeMillis() {
		return this.epochMillis + this.nanos.get() / 1_000_000;
	}

	@Override
	public long parkNanos(long deadlineNanos) {
		// Real time does not move this clock: wait until advance() wakes us.
		return (deadlineNanos - nanoTime() <= 0) ? 0 : Long.MAX_VALUE;
	}

	@Override
	public AutoCloseable onAdvance(Runnable wakeUp) {
		this.listeners.add(wakeUp);
		return () -> this.listeners.remove(wakeUp);
	}

}
