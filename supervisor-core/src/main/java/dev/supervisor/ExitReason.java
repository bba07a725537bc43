package dev.supervisor;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Why an incarnation of a child ended: {@code normal}, {@code shutdown} (with an optional detail),
 * {@code crashed} (with the throwable) or {@code killed} (its supervisor stopped waiting for it).
 *
 * @param kind the kind of exit
 * @param detail a detail for {@code shutdown} (e.g. why a supervisor stopped), or {@code null}
 * @param error the throwable of a crash, or one thrown while stopping; {@code null} otherwise
 */
public record ExitReason(Kind kind, @Nullable String detail, @Nullable Throwable error) {

	private static final ExitReason NORMAL = new ExitReason(Kind.NORMAL, null, null);

	private static final ExitReason SHUTDOWN = new ExitReason(Kind.SHUTDOWN, null, null);

	private static final ExitReason KILLED = new ExitReason(Kind.KILLED, null, null);

	/** The kinds of exit. */
	public enum Kind {

		/** The child finished by itself. */
		NORMAL,

		/** The child was asked to stop and did. */
		SHUTDOWN,

		/** The child failed. */
		CRASHED,

		/** The child did not stop in time and was abandoned (Java cannot kill a thread). */
		KILLED

	}

	/**
	 * Checks that the kind is set, and that a crash has its throwable.
	 * @param kind the kind of exit
	 * @param detail a detail for {@code shutdown} (e.g. why a supervisor stopped), or {@code null}
	 * @param error the throwable of a crash, or one thrown while stopping; {@code null} otherwise
	 */
	public ExitReason {
		Objects.requireNonNull(kind, "kind");
		if (kind == Kind.CRASHED) {
			Objects.requireNonNull(error, "a crash needs its throwable");
		}
	}

	/** @return the normal exit */
	public static ExitReason normal() {
		return NORMAL;
	}

	/** @return a plain shutdown */
	public static ExitReason shutdown() {
		return SHUTDOWN;
	}

	/**
	 * A shutdown with a detail (OTP {@code {shutdown, Term}}).
	 * @param detail why
	 * @return the reason
	 */
	public static ExitReason shutdown(String detail) {
		return new ExitReason(Kind.SHUTDOWN, detail, null);
	}

	/**
	 * A crash.
	 * @param error what was thrown
	 * @return the reason
	 */
	public static ExitReason crashed(Throwable error) {
		return new ExitReason(Kind.CRASHED, null, error);
	}

	/** @return the exit of an incarnation its supervisor stopped waiting for */
	public static ExitReason killed() {
		return KILLED;
	}

	/**
	 * Whether this exit is a failure: {@code crashed} or {@code killed}. {@code normal} and
	 * {@code shutdown} are not (OTP: the reasons a {@code transient} child is not restarted for).
	 * @return {@code true} for a crash or a kill
	 */
	public boolean isAbnormal() {
		return this.kind == Kind.CRASHED || this.kind == Kind.KILLED;
	}

	/**
	 * Whether this is a stop that threw (OTP {@code shutdown_error}): the child was asked to stop and
	 * ended, but its stop (a service's {@code stop}, a worker's cleanup) threw {@link #error()}.
	 * @return {@code true} for a {@code shutdown} that carries an error
	 */
	public boolean isShutdownError() {
		return this.kind == Kind.SHUTDOWN && this.error != null;
	}

	@Override
	public String toString() {
		String name = this.kind.name().toLowerCase(java.util.Locale.ROOT);
		if (this.kind == Kind.CRASHED && this.error != null) {
			return name + "(" + describe(this.error) + ")";
		}
		if (this.detail != null && this.error != null) {
			return name + "(" + this.detail + ": " + describe(this.error) + ")";
		}
		if (this.detail != null) {
			return name + "(" + this.detail + ")";
		}
		return name;
	}

	static String describe(Throwable error) {
		return (error.getMessage() != null) ? error.getClass().getName() + ": " + error.getMessage()
				: error.getClass().getName();
	}

}
