package dev.supervisor;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simple duration notation of specs, YAML and every output of the library ({@code 500ms},
 * {@code 5s}, {@code 2m}): the notation of Spring Boot's {@code DurationStyle.SIMPLE}, so a value
 * read in the endpoint's JSON or a log line can be written back into {@code application.yml}.
 */
public final class Durations {

	private static final Pattern SIMPLE = Pattern.compile("^([+-]?\\d+)(ns|us|ms|s|m|h|d)?$");

	/**
	 * The longest time the engine tells apart from "never": 2<sup>62</sup> ns, about 146 years.
	 * Longer durations (a shutdown, a backoff, a restart period) count as this long, so that a
	 * deadline computed from a clock reading never overflows.
	 */
	public static final long MAX_NANOS = 1L << 62;

	private Durations() {
	}

	/**
	 * A duration in nanoseconds for the engine's arithmetic, capped at {@link #MAX_NANOS} (where
	 * {@link Duration#toNanos()} would overflow past about 292 years and throw).
	 * @param duration the duration, not negative
	 * @return its nanoseconds, at most {@link #MAX_NANOS}
	 */
	public static long toNanosCapped(Duration duration) {
		if (duration.compareTo(Duration.ofNanos(MAX_NANOS)) >= 0) {
			return MAX_NANOS;
		}
		return duration.toNanos();
	}

	/**
	 * A deadline on a nanosecond clock: {@code now + delay}, with the delay capped at
	 * {@link #MAX_NANOS} so the sum neither overflows nor compares wrongly against later readings.
	 * @param nowNanos the clock's reading
	 * @param delayNanos the delay in nanoseconds, not negative
	 * @return the deadline
	 */
	public static long deadline(long nowNanos, long delayNanos) {
		return nowNanos + Math.min(delayNanos, MAX_NANOS);
	}

	/**
	 * Parses a duration: a number with one unit ({@code ns}, {@code us}, {@code ms}, {@code s},
	 * {@code m}, {@code h}, {@code d}; milliseconds without one) or ISO-8601 ({@code PT5S}).
	 * @param text the text to parse
	 * @return the duration
	 * @throws IllegalArgumentException if the text is not a duration
	 */
	public static Duration parse(String text) {
		String value = text.trim().toLowerCase(Locale.ROOT);
		Matcher matcher = SIMPLE.matcher(value);
		if (matcher.matches()) {
			try {
				long amount = Long.parseLong(matcher.group(1));
				String unit = (matcher.group(2) != null) ? matcher.group(2) : "ms";
				return switch (unit) {
					case "ns" -> Duration.ofNanos(amount);
					case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
					case "ms" -> Duration.ofMillis(amount);
					case "s" -> Duration.ofSeconds(amount);
					case "m" -> Duration.ofMinutes(amount);
					case "h" -> Duration.ofHours(amount);
					default -> Duration.ofDays(amount);
				};
			}
			catch (ArithmeticException | NumberFormatException ex) {
				throw new IllegalArgumentException("'" + text + "' is too long for a duration", ex);
			}
		}
		try {
			return Duration.parse(text.trim());
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 500ms, 5s, 2m or PT5S)", ex);
		}
	}

	/**
	 * Formats a duration exactly, in the largest unit that divides it: {@code 5s}, {@code 1500ms},
	 * {@code 2m}, {@code 1h}, {@code 250us}, {@code 0s}.
	 * @param duration the duration
	 * @return the duration in the simple notation
	 */
	public static String format(Duration duration) {
		long seconds = duration.getSeconds();
		if (duration.getNano() == 0) {
			if (seconds != 0 && seconds % 86_400 == 0) {
				return (seconds / 86_400) + "d";
			}
			if (seconds != 0 && seconds % 3_600 == 0) {
				return (seconds / 3_600) + "h";
			}
			if (seconds != 0 && seconds % 60 == 0) {
				return (seconds / 60) + "m";
			}
			return seconds + "s";
		}
		long nanos;
		try {
			nanos = duration.toNanos();
		}
		catch (ArithmeticException ex) {
			// Longer than ~292 years with a fraction of a second: no single unit fits a long.
			return duration.toString();
		}
		if (nanos % 1_000_000 == 0) {
			return (nanos / 1_000_000) + "ms";
		}
		return (nanos % 1_000 == 0) ? (nanos / 1_000) + "us" : nanos + "ns";
	}

}
