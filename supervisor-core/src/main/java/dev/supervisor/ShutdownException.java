package dev.supervisor;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a worker's {@code run} (or given to {@link ServiceContext#fail}) to end its incarnation
 * by itself with reason {@code shutdown} and a detail, as an Erlang process exits with
 * {@code {shutdown, Detail}}. Unlike a crash this is not a failure: a {@code transient} child is not
 * restarted, an {@code intrinsic} one stops its supervisor, a {@code permanent} one is restarted
 * (and counts against the intensity, as every exit of a permanent child does), and the exit is
 * reported at INFO, not as an error.
 */
public class ShutdownException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Why the child ended itself, or {@code null} for a plain shutdown. */
	private final @Nullable String detail;

	/**
	 * An exit with reason {@code shutdown} and a detail.
	 * @param detail why the child ended itself, e.g. {@code "queue deleted"}; {@code null} for a plain
	 * {@code shutdown}
	 */
	public ShutdownException(@Nullable String detail) {
		super((detail != null) ? "shutdown: " + detail : "shutdown", null, false, false);
		this.detail = detail;
	}

	/**
	 * The detail of the exit.
	 * @return why the child ended itself, or {@code null} for a plain {@code shutdown}
	 */
	public @Nullable String detail() {
		return this.detail;
	}

	/**
	 * The exit reason this exception stands for.
	 * @return {@code shutdown} with its detail
	 */
	public ExitReason toExitReason() {
		return (this.detail != null) ? ExitReason.shutdown(this.detail) : ExitReason.shutdown();
	}

}
