package dev.supervisor;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The last exit of a node, as operators see it.
 *
 * @param reason the kind of exit
 * @param detail the shutdown detail, if any
 * @param exceptionClass the class of the throwable of a crash, if any
 * @param message the throwable's message, cut to {@value #MAX_MESSAGE} characters
 * @param at when it exited
 */
public record ExitInfo(ExitReason.Kind reason, @Nullable String detail, @Nullable String exceptionClass,
		@Nullable String message, Instant at) {

	/** The longest message kept. */
	public static final int MAX_MESSAGE = 500;

	/**
	 * The summary of an exit reason.
	 * @param reason the reason
	 * @param at when it happened
	 * @return the summary
	 */
	public static ExitInfo of(ExitReason reason, Instant at) {
		Throwable error = reason.error();
		String message = (error != null) ? error.getMessage() : null;
		if (message != null && message.length() > MAX_MESSAGE) {
			message = message.substring(0, MAX_MESSAGE - 1) + "…";
		}
		return new ExitInfo(reason.kind(), reason.detail(), (error != null) ? error.getClass().getName() : null,
				message, at);
	}

}
