package dev.supervisor.internal;

/**
 * A restart that will be made later: after a backoff, after a delay on maximum intensity, or a
 * retry after a failed restart (OTP {@code try_again_restart}). Cancelled by clearing
 * {@link ChildRecord#pending}; a fired entry that is no longer its record's pending one is
 * ignored.
 */
final class Pending {

	enum Kind {

		/** Restart after the child's backoff; the window already counted it. */
		BACKOFF,

		/** Restart after the delay on maximum intensity: the window is cleared first. */
		AFTER_MAX_INTENSITY,

		/** Retry a restart whose start failed; counts against the window again. */
		RETRY

	}

	final ChildRecord record;

	final Kind kind;

	final long dueNanos;

	final long dueMillis;

	Pending(ChildRecord record, Kind kind, long dueNanos, long dueMillis) {
		this.record = record;
		this.kind = kind;
		this.dueNanos = dueNanos;
		this.dueMillis = dueMillis;
	}

}
