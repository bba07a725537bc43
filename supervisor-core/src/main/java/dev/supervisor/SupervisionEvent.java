package dev.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Something that happened in a tree: a start, an exit, a restart, a give-up or a shutdown.
 *
 * @param type what happened
 * @param path the path of the child (or supervisor) it happened to
 * @param kind what that node is
 * @param incarnation the incarnation concerned (0 when none)
 * @param reason the exit reason for exits, give-ups and stops; the cause for failed starts
 * @param at when it happened (wall clock)
 * @param duration for {@code RESTARTED} the time from the exit to the new incarnation running;
 * for {@code RESTART_SCHEDULED} the delay; for {@code SUPERVISOR_STOPPED} how long stopping took
 * @param detail a human-readable detail (e.g. the offending child of a give-up)
 */
public record SupervisionEvent(Type type, String path, ChildKind kind, long incarnation, @Nullable ExitReason reason,
		Instant at, @Nullable Duration duration, @Nullable String detail) {

	/**
	 * Checks that the type, path, kind and time are set.
	 * @param type what happened
	 * @param path the path of the child (or supervisor) it happened to
	 * @param kind what that node is
	 * @param incarnation the incarnation concerned (0 when none)
	 * @param reason the exit reason for exits, give-ups and stops; the cause for failed starts
	 * @param at when it happened (wall clock)
	 * @param duration for {@code RESTARTED} the time from the exit to the new incarnation running; for {@code
	 * RESTART_SCHEDULED} the delay; for {@code SUPERVISOR_STOPPED} how long stopping took
	 * @param detail a human-readable detail (e.g. the offending child of a give-up)
	 */
	public SupervisionEvent {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(path, "path");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(at, "at");
	}

	/** What happened. */
	public enum Type {

		/**
		 * A supervisor begins its start, before any of its children (OTP: its {@code init/1} is
		 * entered); {@code incarnation} is the supervisor's own.
		 */
		SUPERVISOR_STARTING,

		/**
		 * A supervisor's own start failed: a child failed to start, and those started were stopped
		 * again. {@code reason} holds the cause, {@code detail} names the child
		 * ({@code start-error child=...}). Its parent reports {@link #START_FAILED} for it as well.
		 */
		SUPERVISOR_START_FAILED,

		/** An incarnation started (OTP progress report). */
		STARTED,

		/** A start failed or was declined; {@code reason} holds the cause, {@code detail} says which. */
		START_FAILED,

		/** An incarnation exited by itself (OTP {@code child_terminated}). */
		EXITED,

		/** A restart was scheduled for later (backoff, delayed restart or retry); {@code duration} is the delay. */
		RESTART_SCHEDULED,

		/** A child was restarted after exiting; {@code duration} is exit to running. */
		RESTARTED,

		/**
		 * A pending restart was cancelled: the child was terminated while it was {@code restarting}
		 * (OTP {@code terminate_child} of a restarting child); it stays stopped.
		 */
		RESTART_CANCELLED,

		/** A child was stopped by its supervisor or an operator ({@code reason}: shutdown or killed). */
		STOPPED,

		/** A supervisor reached its maximum restart intensity and gives up ({@code detail} names the offender). */
		GAVE_UP,

		/** A supervisor stopped with all its children; {@code duration} is how long stopping took. */
		SUPERVISOR_STOPPED,

		/** A child and its spec were deleted from its supervisor (OTP {@code delete_child}). */
		DELETED

	}

}
