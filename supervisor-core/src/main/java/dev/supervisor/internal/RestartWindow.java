package dev.supervisor.internal;

/**
 * The restart intensity of one supervisor: one sliding window of restart times, kept as a ring
 * so adding a restart is O(1) amortized (OTP keeps a list and takes its length on every restart).
 * The ring grows on demand up to {@code intensity} entries, so a huge intensity costs nothing
 * until restarts actually pile up. A restart that would exceed the intensity is refused and not
 * recorded: the window never holds more than {@code intensity} restarts, so a supervisor that
 * goes on running (its restart delayed instead of giving up) never shows more.
 */
final class RestartWindow {

	private final int intensity;

	private final long periodNanos;

	private long[] times;

	private int head;

	private int size;

	RestartWindow(int intensity, long periodNanos) {
		this.intensity = intensity;
		this.periodNanos = periodNanos;
		this.times = new long[Math.max(1, Math.min(intensity, 8))];
	}

	/**
	 * Records a restart about to be made (OTP {@code add_restart/1}).
	 * @param now the time of the restart
	 * @return {@code true} if it is within the intensity, {@code false} if the supervisor must give up
	 */
	boolean add(long now) {
		expire(now);
		if (this.size >= this.intensity) {
			// OTP add_restart/1: one more would be more than intensity in the period. The supervisor
			// gives up, or (delay-on-max-intensity) restarts later in a fresh window: not recorded.
			return false;
		}
		if (this.size == this.times.length) {
			grow();
		}
		this.times[(this.head + this.size) % this.times.length] = now;
		this.size++;
		return true;
	}

	/**
	 * The number of restarts in the window at the given time.
	 * @param now the time
	 * @return the count
	 */
	int count(long now) {
		int count = 0;
		for (int i = 0; i < this.size; i++) {
			if (this.times[(this.head + i) % this.times.length] - (now - this.periodNanos) >= 0) {
				count++;
			}
		}
		return count;
	}

	/** Forgets every restart (RabbitMQ supervisor2: a delayed restart clears the window). */
	void clear() {
		this.size = 0;
	}

	private void expire(long now) {
		// OTP add_restart/3: restarts older than now - period no longer count.
		long threshold = now - this.periodNanos;
		while (this.size > 0 && this.times[this.head] - threshold < 0) {
			this.head = (this.head + 1) % this.times.length;
			this.size--;
		}
	}

	private void grow() {
		int capacity = (int) Math.min(this.intensity, this.times.length * 2L);
		long[] grown = new long[capacity];
		for (int i = 0; i < this.size; i++) {
			grown[i] = this.times[(this.head + i) % this.times.length];
		}
		this.times = grown;
		this.head = 0;
	}

}
