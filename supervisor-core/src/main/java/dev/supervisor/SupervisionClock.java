package dev.supervisor;

/**
 * The time source of a tree: restart windows, backoff, delayed restarts and shutdown timeouts
 * are all measured on it, so tests can drive them with a {@link ManualClock}.
 */
public interface SupervisionClock {

	/**
	 * Monotonic time for measuring intervals.
	 * @return nanoseconds from an arbitrary origin
	 */
	long nanoTime();

	/**
	 * Wall-clock time for reports and snapshots.
	 * @return milliseconds since the epoch
	 */
	long currentTimeMillis();

	/**
	 * How long a thread may park in real time while waiting for {@code deadlineNanos} on this
	 * clock. The system clock answers the remaining time; a manual clock answers "until woken".
	 * @param deadlineNanos the deadline in {@link #nanoTime()} units
	 * @return nanoseconds to park, {@code <= 0} if the deadline has passed
	 */
	default long parkNanos(long deadlineNanos) {
		return deadlineNanos - nanoTime();
	}

	/**
	 * Registers a callback run whenever this clock moves by other means than real time passing,
	 * so supervisors waiting for a deadline look again. The system clock never calls it.
	 * @param wakeUp the callback
	 * @return a handle that removes the callback
	 */
	default AutoCloseable onAdvance(Runnable wakeUp) {
		return () -> {
		};
	}

	/**
	 * The system clock ({@link System#nanoTime()} and {@link System#currentTimeMillis()}).
	 * @return the clock
	 */
	static SupervisionClock system() {
		return SystemClock.INSTANCE;
	}

	/** The real clock. */
	enum SystemClock implements SupervisionClock {

		/** The one system clock. */
		INSTANCE;

		@Override
		public long nanoTime() {
			return System.nanoTime();
		}

		@Override
		public long currentTimeMillis() {
			return System.currentTimeMillis();
		}

	}

}
