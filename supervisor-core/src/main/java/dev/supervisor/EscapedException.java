package dev.supervisor;

/**
 * Stands in a log line for a throwable whose message could forge log lines (see
 * {@link LogText#loggable}): its message is the original class name and the escaped message,
 * its stack trace the original's.
 */
final class EscapedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	EscapedException(String message) {
		super(message);
	}

	/** @return the original class name and escaped message, as the original's would read */
	@Override
	public String toString() {
		return String.valueOf(getMessage());
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		// The original's stack trace is copied in; this one's own would only mislead.
		return this;
	}

}
