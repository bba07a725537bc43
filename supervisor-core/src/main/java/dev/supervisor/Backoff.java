package dev.supervisor;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential restart backoff of one child: consecutive restarts wait
 * {@code min(max, initial * 2^n) * (1 + jitter * random)}; {@code n} resets once the child has run
 * for {@code resetAfter}. OTP has no such option; this is what its users have long asked for.
 *
 * @param initial the delay before the first restart
 * @param max the largest delay before jitter
 * @param jitter the random fraction added on top, in {@code [0, 1]}
 * @param resetAfter how long a child must run before the next restart waits {@code initial} again
 */
public record Backoff(Duration initial, Duration max, double jitter, Duration resetAfter) {

	/**
	 * Checks that the delays are set.
	 * @param initial the delay before the first restart
	 * @param max the largest delay before jitter
	 * @param jitter the random fraction added on top, in {@code [0, 1]}
	 * @param resetAfter how long a child must run before the next restart waits {@code initial} again
	 */
	public Backoff {
		Objects.requireNonNull(initial, "initial");
		Objects.requireNonNull(max, "max");
		Objects.requireNonNull(resetAfter, "resetAfter");
	}

	/**
	 * A backoff without jitter that resets after a minute of running.
	 * @param initial the delay before the first restart
	 * @param max the largest delay
	 * @return the backoff
	 */
	public static Backoff exponential(Duration initial, Duration max) {
		return new Backoff(initial, max, 0.0, Duration.ofMinutes(1));
	}

	/**
	 * The delay before restart number {@code step} (0 for the first of a series).
	 * @param step how many restarts came before in this series
	 * @param random a value in {@code [0, 1)}
	 * @return the delay in nanoseconds
	 */
	public long delayNanos(int step, double random) {
		long initialNanos = Durations.toNanosCapped(this.initial);
		long maxNanos = Durations.toNanosCapped(this.max);
		// Doubling stops before it can overflow: once past max, max is the answer.
		long base = (step >= 62 || initialNanos > (maxNanos >> Math.min(step, 62))) ? maxNanos
				: Math.min(maxNanos, initialNanos << step);
		// base is at most 2^62 and the jitter at most 1: the sum fits a long.
		return Math.min(Durations.MAX_NANOS, base + (long) (base * this.jitter * random));
	}

}
