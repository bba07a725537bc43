package dev.supervisor;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How a child is stopped (OTP {@code shutdown}): {@code brutal-kill}, a timeout, or
 * {@code infinity}.
 *
 * @param kind the kind of shutdown
 * @param timeout the time to wait for a {@link Kind#TIMEOUT} shutdown, {@code null} otherwise
 */
public record Shutdown(Kind kind, @Nullable Duration timeout) {

	/** Default for workers and services, as in OTP and Elixir. */
	public static final Shutdown DEFAULT_WORKER = new Shutdown(Kind.TIMEOUT, Duration.ofSeconds(5));

	/** Wait as long as it takes. The default for supervisors. */
	public static final Shutdown INFINITY = new Shutdown(Kind.INFINITY, null);

	/** Interrupt and do not wait. */
	public static final Shutdown BRUTAL_KILL = new Shutdown(Kind.BRUTAL_KILL, null);

	/** The kinds of shutdown. */
	public enum Kind {

		/** Interrupt the child and do not wait for it: it is reported {@code killed}. */
		BRUTAL_KILL,

		/** Ask the child to stop and wait up to the timeout, then abandon it ({@code killed}). */
		TIMEOUT,

		/** Ask the child to stop and wait as long as it takes. */
		INFINITY

	}

	/**
	 * Checks that a timeout is given for, and only for, {@link Kind#TIMEOUT}.
	 * @param kind the kind of shutdown
	 * @param timeout the time to wait for a {@link Kind#TIMEOUT} shutdown, {@code null} otherwise
	 */
	public Shutdown {
		Objects.requireNonNull(kind, "kind");
		if ((kind == Kind.TIMEOUT) != (timeout != null)) {
			throw new IllegalArgumentException("a timeout is required for, and only for, Kind.TIMEOUT");
		}
	}

	/**
	 * A shutdown that waits up to the given time.
	 * @param timeout how long to wait
	 * @return the shutdown
	 */
	public static Shutdown timeout(Duration timeout) {
		return new Shutdown(Kind.TIMEOUT, timeout);
	}

	/**
	 * Parses {@code brutal-kill}, {@code infinity} or a duration such as {@code 500ms}, {@code 5s},
	 * {@code 2m}, {@code 1h} or ISO-8601 {@code PT5S}.
	 * @param text the text to parse
	 * @return the shutdown
	 * @throws IllegalArgumentException if the text is none of these
	 */
	public static Shutdown parse(String text) {
		String value = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
		if (value.equals("brutal-kill")) {
			return BRUTAL_KILL;
		}
		if (value.equals("infinity")) {
			return INFINITY;
		}
		return timeout(Durations.parse(text));
	}

	/**
	 * The worst-case time this shutdown waits, or {@code null} for infinity.
	 * @return the bound, {@link Duration#ZERO} for brutal kill
	 */
	public @Nullable Duration bound() {
		return switch (this.kind) {
			case BRUTAL_KILL -> Duration.ZERO;
			case TIMEOUT -> this.timeout;
			case INFINITY -> null;
		};
	}

	@Override
	public String toString() {
		return switch (this.kind) {
			case BRUTAL_KILL -> "brutal-kill";
			case INFINITY -> "infinity";
			case TIMEOUT -> Durations.format(Objects.requireNonNull(this.timeout));
		};
	}

}
