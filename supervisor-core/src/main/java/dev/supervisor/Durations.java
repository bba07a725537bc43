package dev.supervisor;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing and formatting of the simple duration notation used in specs ({@code 500ms}, {@code 5s}). */
final class Durations {

	private static final Pattern SIMPLE = Pattern.compile("^([+-]?\\d+)(ns|us|ms|s|m|h|d)?$");

	private Durations() {
	}

	static Duration parse(String text) {
		String value = text.trim().toLowerCase(Locale.ROOT);
		Matcher matcher = SIMPLE.matcher(value);
		if (matcher.matches()) {
			long amount = Long.parseLong(matcher.group(1));
			String unit = (matcher.group(2) != null) ? matcher.group(2) : "ms";
			return switch (unit) {
				case "ns" -> Duration.ofNanos(amount);
				case "us" -> Duration.ofNanos(amount * 1000);
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			};
		}
		try {
			return Duration.parse(text.trim());
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 500ms, 5s, 2m or PT5S)", ex);
		}
	}

	static String format(Duration duration) {
		if (duration.toNanosPart() == 0 || duration.toNanos() % 1_000_000 == 0) {
			long millis = duration.toMillis();
			if (millis % 1000 != 0) {
				return millis + "ms";
			}
			long seconds = millis / 1000;
			return (seconds % 60 != 0 || seconds == 0) ? seconds + "s" : (seconds / 60) + "m";
		}
		return duration.toString();
	}

}
