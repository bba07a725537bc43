package dev.supervisor.spring.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.supervisor.Shutdown;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * The bounds of the values of supervision properties, checked as they are bound: every
 * duration is at most {@link #MAX_DURATION} (the engine counts time in nanoseconds in a
 * {@code long}, which holds about 292 years; a year leaves room for the sums and doublings
 * of backoff, jitter and restart windows), intervals and timeouts where zero makes no sense
 * are positive, and every size or count has an upper bound, as its memory or threads do.
 */
final class PropertyBounds {

	/** The longest duration any supervision property takes: 365 days. */
	static final Duration MAX_DURATION = Duration.ofDays(365);

	private static final String MAX_DURATION_TEXT = "365d";

	/** Durations that must be positive: a zero interval spins, a zero window counts nothing. */
	private static final Map<String, String> POSITIVE_DURATIONS = Map.of("period", "5s", "heartbeat", "500ms",
			"lock-ttl", "10s", "liveness-interval", "1s", "reset-after", "1m", "delay-on-max-intensity", "5s");

	/** Durations that may be zero but not negative. */
	private static final Map<String, String> NON_NEGATIVE_DURATIONS = Map.of("wait-timeout", "5s", "initial", "100ms",
			"max", "30s");

	/** Whole numbers by key: least, greatest, an example. */
	private static final Map<String, int[]> NUMBERS = Map.of("exit-code", new int[] { 0, 255, 1 }, "size",
			new int[] { 1, 10_000, 100 }, "max-clients", new int[] { 1, 1_000, 16 }, "client-buffer",
			new int[] { 1, 100_000, 256 }, "max-waiting", new int[] { 0, 100_000, 100 }, "partitions",
			new int[] { 1, 4_096, 256 }, "max-nodes", new int[] { 1, 1_000_000, 1000 }, "max-concurrent-snapshots",
			new int[] { 1, 64, 4 });

	private PropertyBounds() {
	}

	/**
	 * A value out of its bounds: what is wrong and what to do.
	 *
	 * @param reason what is wrong
	 * @param action what to do about it
	 */
	record Violation(String reason, String action) {

	}

	/**
	 * Checks a bound value against the bounds of its key.
	 * @param name the property's name
	 * @param value the bound value
	 * @return the violation, or {@code null} if the value is within its bounds
	 */
	static @Nullable Violation check(ConfigurationPropertyName name, Object value) {
		String key = name.getLastElement(Form.DASHED);
		if (value instanceof Duration duration) {
			return duration(key, duration);
		}
		if (value instanceof Shutdown shutdown && shutdown.timeout() != null) {
			return tooLong(shutdown.timeout(), "a shutdown of at most " + MAX_DURATION_TEXT + ", or 'infinity'");
		}
		if (value instanceof Integer number && NUMBERS.containsKey(key)) {
			int[] bounds = NUMBERS.get(key);
			if (number < bounds[0] || number > bounds[1]) {
				String side = (number < bounds[0]) ? "at least " + bounds[0] : "at most " + bounds[1];
				return new Violation("must be " + side + " (was " + number + ")",
						"Use a number from " + bounds[0] + " to " + bounds[1] + ", such as " + bounds[2]);
			}
		}
		return null;
	}

	private static @Nullable Violation duration(String key, Duration duration) {
		String example = POSITIVE_DURATIONS.get(key);
		if (example != null && (duration.isZero() || duration.isNegative())) {
			return new Violation("must be a positive duration (was " + duration + ")",
					"Use a positive duration such as " + example + ", at most " + MAX_DURATION_TEXT);
		}
		String zeroAllowed = NON_NEGATIVE_DURATIONS.get(key);
		if (zeroAllowed != null && duration.isNegative()) {
			return new Violation("must not be negative (was " + duration + ")",
					"Use 0 or a duration such as " + zeroAllowed + ", at most " + MAX_DURATION_TEXT);
		}
		return tooLong(duration, "a duration of at most " + MAX_DURATION_TEXT);
	}

	private static @Nullable Violation tooLong(Duration duration, String what) {
		if (duration.compareTo(MAX_DURATION) <= 0) {
			return null;
		}
		return new Violation("is longer than the longest duration supervision takes, " + MAX_DURATION_TEXT + " (was "
				+ duration.toDays() + "d)", "Use " + what);
	}

}
