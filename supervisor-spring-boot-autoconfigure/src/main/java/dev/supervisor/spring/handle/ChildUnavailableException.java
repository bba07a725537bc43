package dev.supervisor.spring.handle;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a call through a {@link ChildHandle} when no running incarnation of the child is
 * available: at once when nothing will bring the child back (it is stopped and not restarting, its
 * supervisor or tree is down, it does not exist), or after the wait while a restart is pending, or
 * when too many callers already wait. In a Spring MVC or WebFlux handler it becomes a
 * {@code 503 Service Unavailable} with a problem-details body, and a {@code Retry-After} while a
 * restart is pending.
 */
public class ChildUnavailableException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/** The path of the child. */
	private final String path;

	/** The state the child was in. */
	private final String state;

	/** Whether a restart of the child is pending. */
	private final boolean restartPending;

	/** When the pending restart is due, if known. */
	private final @Nullable Instant nextRestartAt;

	/**
	 * @param path the child's path
	 * @param state the child's state as operators see it, e.g. {@code restarting}
	 * @param message what happened
	 * @param cause the cause, if any
	 */
	public ChildUnavailableException(String path, String state, String message, Throwable cause) {
		super(message, cause);
		this.path = path;
		this.state = state;
		this.restartPending = false;
		this.nextRestartAt = null;
	}

	/**
	 * @param path the child's path
	 * @param state the child's state as operators see it, e.g. {@code restarting}
	 * @param message what happened
	 */
	public ChildUnavailableException(String path, String state, String message) {
		this(path, state, message, false, null);
	}

	/**
	 * @param path the child's path
	 * @param state the child's state as operators see it, e.g. {@code restarting}
	 * @param message what happened
	 * @param restartPending whether something will start the child again without an operator
	 * @param nextRestartAt when the pending restart is due, if known
	 */
	public ChildUnavailableException(String path, String state, String message, boolean restartPending,
			@Nullable Instant nextRestartAt) {
		super(message);
		this.path = path;
		this.state = state;
		this.restartPending = restartPending;
		this.nextRestartAt = nextRestartAt;
	}

	/**
	 * Return the child's path.
	 * @return the child's path
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * @return the child's state when the call gave up, e.g. {@code restarting} or
	 * {@code failed}
	 */
	public String getState() {
		return this.state;
	}

	/**
	 * Whether a restart of the child is pending (a backoff, a retry, a group restart, a wait for an
	 * abandoned incarnation), so trying again later may succeed; {@code false} when nothing will
	 * bring the child back without an operator.
	 * @return whether a restart is pending
	 */
	public boolean isRestartPending() {
		return this.restartPending;
	}

	/**
	 * How long a client should wait before trying again (HTTP {@code Retry-After}): until the
	 * pending restart is due, at least one second; one second when its time is unknown.
	 * @return the delay while a restart is pending, empty otherwise
	 */
	public Optional<Duration> getRetryAfter() {
		if (!this.restartPending) {
			return Optional.empty();
		}
		Duration until = (this.nextRestartAt != null) ? Duration.between(Instant.now(), this.nextRestartAt)
				: Duration.ZERO;
		long seconds = Math.max(1, (until.toMillis() + 999) / 1000);
		return Optional.of(Duration.ofSeconds(seconds));
	}

}
