package dev.supervisor.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A restart that will be made later: after a backoff, after a delay on maximum intensity, a
 * retry after a failed restart (OTP {@code try_again_restart}), or a start that waits for an
 * abandoned incarnation of the same instance to end. Cancelled by clearing
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
		RETRY,

		/**
		 * Start once an abandoned incarnation running on the same instance has ended; posted by
		 * {@link AbandonedIncarnations}, never on a timer.
		 */
		AWAIT_ABANDONED

	}

	final ChildRecord record;

	final Kind kind;

	final long dueNanos;

	final long dueMillis;

	/**
	 * For {@link Kind#AWAIT_ABANDONED}: the children to start in order once the wait is over, the
	 * record first; {@code null} for the record alone.
	 */
	@Nullable List<ChildRecord> group;

	/**
	 * For {@link Kind#AWAIT_ABANDONED}: whether the start is a restart made by the supervisor
	 * (counted as a restart and reported as one), not an operator's or an initial start.
	 */
	boolean restart;

	/**
	 * Whether this pending restart, when it fires, restarts its record's group by the supervisor's
	 * strategy (one_for_all: every child; rest_for_one: the record and those after it). A start that
	 * waits for an abandoned incarnation does not: the siblings it takes along are marked with
	 * {@link ChildRecord#startAfter}, and an operator's start takes none.
	 * @return whether it restarts the group
	 */
	boolean restartsGroup() {
		return this.kind != Kind.AWAIT_ABANDONED;
	}

	Pending(ChildRecord record, Kind kind, long dueNanos, long dueMillis) {
		this.record = record;
		this.kind = kind;
		this.dueNanos = dueNanos;
		this.dueMillis = dueMillis;
	}

}
