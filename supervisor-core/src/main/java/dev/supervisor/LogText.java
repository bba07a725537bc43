package dev.supervisor;

import java.util.IdentityHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Makes text that comes from user code (exception messages, ids a caller chose, request paths)
 * safe for a log line: control characters are escaped, so a message cannot end the line and
 * forge another, and the text is cut to a bound. The engine's supervisor reports and the
 * starter's endpoint write user text only through it; a {@link SupervisionListener} that logs
 * event reasons should too.
 */
public final class LogText {

	/** The longest user text a log line keeps, in characters. */
	public static final int MAX_LENGTH = 500;

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	// A cause chain is walked at most this deep: a cycle or a pathological chain ends here.
	private static final int MAX_CAUSES = 16;

	private LogText() {
	}

	/**
	 * The text with its control characters escaped, cut to {@value #MAX_LENGTH} characters.
	 * @param text the text, or {@code null}
	 * @return the safe text; {@code "null"} for {@code null}
	 */
	public static String escape(@Nullable Object text) {
		return escape(text, MAX_LENGTH);
	}

	/**
	 * The text with its control characters escaped ({@code \n}, {@code \r}, {@code \t}, others
	 * as {@code \}{@code u001b}), and cut to a length with a trailing {@code …}. C0 and C1
	 * controls, DEL, the Unicode line and paragraph separators and the bidirectional overrides
	 * (which can make a line read differently from what it holds) are escaped.
	 * @param text the text, or {@code null}
	 * @param maxLength the longest result, in characters (at least 1)
	 * @return the safe text; {@code "null"} for {@code null}
	 */
	public static String escape(@Nullable Object text, int maxLength) {
		String value = String.valueOf(text);
		StringBuilder safe = null;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (isControl(c)) {
				if (safe == null) {
					safe = new StringBuilder(value.length() + 16).append(value, 0, i);
				}
				switch (c) {
					case '\n' -> safe.append("\\n");
					case '\r' -> safe.append("\\r");
					case '\t' -> safe.append("\\t");
					default -> safe.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
						.append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
				}
			}
			else if (safe != null) {
				safe.append(c);
			}
			if (safe != null && safe.length() > maxLength) {
				break;
			}
		}
		String result = (safe != null) ? safe.toString() : value;
		return (result.length() > maxLength) ? result.substring(0, Math.max(0, maxLength - 1)) + "…" : result;
	}

	/**
	 * Whether the text holds a character {@link #escape} would escape.
	 * @param text the text, or {@code null}
	 * @return {@code true} if it does
	 */
	public static boolean needsEscaping(@Nullable String text) {
		if (text != null) {
			for (int i = 0; i < text.length(); i++) {
				if (isControl(text.charAt(i))) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * A throwable a logging framework can print without forging lines: the throwable itself when
	 * no message in its cause chain holds a control character or is too long (the usual case),
	 * otherwise a stand-in that keeps the class names, the escaped and cut messages and the
	 * stack traces.
	 * @param error the throwable, or {@code null}
	 * @return the throwable or its stand-in; {@code null} for {@code null}
	 */
	public static @Nullable Throwable loggable(@Nullable Throwable error) {
		if (error == null || isSafe(error, new IdentityHashMap<>(), 0)) {
			return error;
		}
		return escaped(error, new IdentityHashMap<>(), 0);
	}

	private static boolean isSafe(Throwable error, Map<Throwable, Boolean> seen, int depth) {
		if (depth > MAX_CAUSES || seen.put(error, Boolean.TRUE) != null) {
			return true;
		}
		String message = error.getMessage();
		if (message != null && (message.length() > MAX_LENGTH || needsEscaping(message))) {
			return false;
		}
		for (Throwable suppressed : error.getSuppressed()) {
			if (!isSafe(suppressed, seen, depth + 1)) {
				return false;
			}
		}
		return error.getCause() == null || isSafe(error.getCause(), seen, depth + 1);
	}

	private static EscapedException escaped(Throwable error, Map<Throwable, EscapedException> done, int depth) {
		EscapedException copy = done.get(error);
		if (copy != null) {
			return copy;
		}
		String message = error.getMessage();
		copy = new EscapedException(
				error.getClass().getName() + ((message != null) ? ": " + escape(message) : ""));
		copy.setStackTrace(error.getStackTrace());
		done.put(error, copy);
		if (depth < MAX_CAUSES) {
			if (error.getCause() != null) {
				copy.initCause(escaped(error.getCause(), done, depth + 1));
			}
			for (Throwable suppressed : error.getSuppressed()) {
				copy.addSuppressed(escaped(suppressed, done, depth + 1));
			}
		}
		return copy;
	}

	private static boolean isControl(char c) {
		return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029'
				|| (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
	}

}
