package dev.supervisor.spring.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.supervisor.ExitInfo;

import org.jspecify.annotations.Nullable;

/**
 * What an operator needs to know about a throwable: its class, its message, its top stack
 * frames and its causes. Kept instead of the throwable itself, so a history never holds on to
 * the objects a failed incarnation referenced.
 *
 * @param exception the class name of the throwable
 * @param message its message, cut to {@value ExitInfo#MAX_MESSAGE} characters, or {@code null}
 * @param frames its top stack frames, innermost first, at most {@value #MAX_FRAMES}
 * @param cause its cause, at most {@value #MAX_CAUSES} levels deep (each with at most
 * {@value #MAX_CAUSE_FRAMES} frames), or {@code null}
 */
public record ErrorDetails(String exception, @Nullable String message, List<String> frames,
		@Nullable ErrorDetails cause) {

	/** The most frames kept for a throwable. */
	public static final int MAX_FRAMES = 8;

	/** The most frames kept for each cause. */
	public static final int MAX_CAUSE_FRAMES = 3;

	/** The most causes kept. */
	public static final int MAX_CAUSES = 3;

	/**
	 * Creates the record, checking its components.
	 * @param exception the class name of the throwable
	 * @param message its message, cut to {@value ExitInfo#MAX_MESSAGE} characters, or {@code null}
	 * @param frames its top stack frames, innermost first, at most {@value #MAX_FRAMES}
	 * @param cause its cause, at most {@value #MAX_CAUSES} levels deep (each with at most
	 * {@value #MAX_CAUSE_FRAMES} frames), or {@code null}
	 */
	public ErrorDetails {
		Objects.requireNonNull(exception, "exception");
		frames = List.copyOf(frames);
	}

	/**
	 * The details of a throwable.
	 * @param error the throwable
	 * @return its details
	 */
	public static ErrorDetails of(Throwable error) {
		return of(error, MAX_FRAMES, MAX_CAUSES);
	}

	private static ErrorDetails of(Throwable error, int maxFrames, int causes) {
		StackTraceElement[] trace = error.getStackTrace();
		List<String> frames = new ArrayList<>(Math.min(maxFrames, trace.length));
		for (int i = 0; i < trace.length && i < maxFrames; i++) {
			frames.add(trace[i].toString());
		}
		Throwable cause = error.getCause();
		ErrorDetails causeDetails = (cause != null && cause != error && causes > 0)
				? of(cause, MAX_CAUSE_FRAMES, causes - 1) : null;
		return new ErrorDetails(error.getClass().getName(), cut(error.getMessage()), frames, causeDetails);
	}

	/**
	 * These details with another message (and the causes' messages mapped the same way): what a
	 * masking function uses.
	 * @param messages maps each message (never called with {@code null})
	 * @return the details with mapped messages
	 */
	public ErrorDetails withMessages(java.util.function.UnaryOperator<String> messages) {
		return new ErrorDetails(this.exception, (this.message != null) ? messages.apply(this.message) : null,
				this.frames, (this.cause != null) ? this.cause.withMessages(messages) : null);
	}

	static @Nullable String cut(@Nullable String message) {
		if (message != null && message.length() > ExitInfo.MAX_MESSAGE) {
			return message.substring(0, ExitInfo.MAX_MESSAGE - 1) + "…";
		}
		return message;
	}

}
