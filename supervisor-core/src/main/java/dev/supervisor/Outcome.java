package dev.supervisor;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The typed result of an operation on a supervisor. The ordinary refusals ("no such child",
 * "already running", "restarting") are outcomes, not exceptions, as OTP returns
 * {@code {error, Reason}}.
 *
 * @param status what happened
 * @param path the path of the child concerned (for a dynamic start: the new child's path)
 * @param message a human-readable explanation
 * @param error the cause of a failed start, if any
 */
public record Outcome(Status status, String path, String message, @Nullable Throwable error) {

	/**
	 * Checks that the status, path and message are set.
	 * @param status what happened
	 * @param path the path of the child concerned (for a dynamic start: the new child's path)
	 * @param message a human-readable explanation
	 * @param error the cause of a failed start, if any
	 */
	public Outcome {
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(path, "path");
		Objects.requireNonNull(message, "message");
	}

	/** The possible results. */
	public enum Status {

		/** Done. */
		OK,

		/** The start was declined by the child's factory (OTP {@code ignore}); the child is kept, not running. */
		IGNORED,

		/** No child with that id or path (OTP {@code not_found}). */
		NOT_FOUND,

		/** The child is running, so the operation does not fit (OTP {@code running}). */
		RUNNING,

		/** The child is being restarted; try again (OTP {@code restarting}). */
		RESTARTING,

		/** The child is not running, so there is nothing to kill. */
		NOT_RUNNING,

		/**
		 * Accepted, but the start waits: an abandoned incarnation (killed, still running) is inside
		 * the same instance; the child is {@code restarting} and starts when that one ends.
		 */
		PENDING,

		/** A child with that id already exists (OTP {@code already_present}). */
		ALREADY_PRESENT,

		/** A dynamic supervisor is at its {@code maxChildren}. */
		MAX_CHILDREN,

		/** The child's start failed; {@code error} holds why. */
		START_FAILED,

		/** The spec given was invalid. */
		INVALID,

		/** The operation does not apply to this kind of supervisor (OTP {@code simple_one_for_one}). */
		NOT_SUPPORTED,

		/** The supervisor is not running (stopped, failed or being stopped). */
		SUPERVISOR_DOWN

	}

	/**
	 * Whether the operation did what was asked.
	 * @return {@code true} for {@link Status#OK}
	 */
	public boolean isOk() {
		return this.status == Status.OK;
	}

	/**
	 * A successful outcome.
	 * @param path the child concerned
	 * @param message what was done
	 * @return the outcome
	 */
	public static Outcome ok(String path, String message) {
		return new Outcome(Status.OK, path, message, null);
	}

	/**
	 * An outcome without a cause.
	 * @param status what happened
	 * @param path the child concerned
	 * @param message why
	 * @return the outcome
	 */
	public static Outcome of(Status status, String path, String message) {
		return new Outcome(status, path, message, null);
	}

}
