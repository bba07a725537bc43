package dev.supervisor;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The specification of one child (OTP {@code child_spec()}): its id, what it is, and how it is
 * restarted and stopped. Build one with {@link #worker}, {@link #service} or {@link #supervisor}
 * and refine it with the {@code with*} methods.
 *
 * @param id the child's id, unique among its siblings; the last segment of its path
 * @param kind what the child is
 * @param factory creates each incarnation of a worker or service; {@code null} for supervisors
 * @param supervisor the nested supervisor's spec; {@code null} for workers and services
 * @param restart when the child is restarted
 * @param shutdown how the child is stopped
 * @param significant whether its own exit may stop its supervisor ({@link AutoShutdown})
 * @param backoff how restarts are spaced out, or {@code null} to restart at once
 * @param delayOnMaxIntensity when set, a restart that would exceed the supervisor's intensity
 * is made after this delay instead of the supervisor giving up (RabbitMQ {@code supervisor2})
 */
public record ChildSpec(String id, ChildKind kind, @Nullable ChildFactory<?> factory,
		@Nullable SupervisorSpec supervisor, RestartType restart, Shutdown shutdown, boolean significant,
		@Nullable Backoff backoff, @Nullable Duration delayOnMaxIntensity) {

	/**
	 * Checks that the id, kind, restart and shutdown are set, and that the child has a factory or a supervisor spec as its kind needs.
	 * @param id the child's id, unique among its siblings; the last segment of its path
	 * @param kind what the child is
	 * @param factory creates each incarnation of a worker or service; {@code null} for supervisors
	 * @param supervisor the nested supervisor's spec; {@code null} for workers and services
	 * @param restart when the child is restarted
	 * @param shutdown how the child is stopped
	 * @param significant whether its own exit may stop its supervisor ({@link AutoShutdown})
	 * @param backoff how restarts are spaced out, or {@code null} to restart at once
	 * @param delayOnMaxIntensity when set, a restart that would exceed the supervisor's intensity is made
	 * after this delay instead of the supervisor giving up (RabbitMQ {@code supervisor2})
	 */
	public ChildSpec {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(restart, "restart");
		Objects.requireNonNull(shutdown, "shutdown");
		if (kind.isSupervisor()) {
			Objects.requireNonNull(supervisor, "a supervisor child needs its supervisor spec");
			if ((kind == ChildKind.DYNAMIC_SUPERVISOR) != (supervisor instanceof DynamicSupervisorSpec)) {
				throw new IllegalArgumentException("kind " + kind + " does not match " + supervisor.getClass().getSimpleName());
			}
		}
		else {
			Objects.requireNonNull(factory, "a worker or service child needs a factory");
		}
	}

	/**
	 * A permanent worker with the default shutdown (5 s).
	 * @param id the child's id
	 * @param factory creates each incarnation
	 * @return the spec
	 */
	public static ChildSpec worker(String id, ChildFactory<? extends Worker> factory) {
		return new ChildSpec(id, ChildKind.WORKER, factory, null, RestartType.PERMANENT, Shutdown.DEFAULT_WORKER,
				false, null, null);
	}

	/**
	 * A permanent service with the default shutdown (5 s).
	 * @param id the child's id
	 * @param factory creates each incarnation
	 * @return the spec
	 */
	public static ChildSpec service(String id, ChildFactory<? extends Service> factory) {
		return new ChildSpec(id, ChildKind.SERVICE, factory, null, RestartType.PERMANENT, Shutdown.DEFAULT_WORKER,
				false, null, null);
	}

	/**
	 * A permanent nested supervisor (static or dynamic) with shutdown {@code infinity}.
	 * @param id the child's id
	 * @param spec the nested supervisor's spec
	 * @return the spec
	 */
	public static ChildSpec supervisor(String id, SupervisorSpec spec) {
		ChildKind kind = (spec instanceof DynamicSupervisorSpec) ? ChildKind.DYNAMIC_SUPERVISOR : ChildKind.SUPERVISOR;
		return new ChildSpec(id, kind, null, spec, RestartType.PERMANENT, Shutdown.INFINITY, false, null, null);
	}

	/**
	 * This spec with another id.
	 * @param id the new id
	 * @return a copy with the id changed
	 */
	public ChildSpec withId(String id) {
		return new ChildSpec(id, this.kind, this.factory, this.supervisor, this.restart, this.shutdown,
				this.significant, this.backoff, this.delayOnMaxIntensity);
	}

	/**
	 * This spec with another restart type.
	 * @param restart the restart type
	 * @return a copy with the restart type changed
	 */
	public ChildSpec withRestart(RestartType restart) {
		return new ChildSpec(this.id, this.kind, this.factory, this.supervisor, restart, this.shutdown,
				this.significant, this.backoff, this.delayOnMaxIntensity);
	}

	/**
	 * This spec with another shutdown.
	 * @param shutdown the shutdown
	 * @return a copy with the shutdown changed
	 */
	public ChildSpec withShutdown(Shutdown shutdown) {
		return new ChildSpec(this.id, this.kind, this.factory, this.supervisor, this.restart, shutdown,
				this.significant, this.backoff, this.delayOnMaxIntensity);
	}

	/**
	 * This spec marked significant or not.
	 * @param significant whether the child is significant
	 * @return a copy with significance changed
	 */
	public ChildSpec withSignificant(boolean significant) {
		return new ChildSpec(this.id, this.kind, this.factory, this.supervisor, this.restart, this.shutdown,
				significant, this.backoff, this.delayOnMaxIntensity);
	}

	/**
	 * This spec with a restart backoff.
	 * @param backoff the backoff, or {@code null} for none
	 * @return a copy with the backoff changed
	 */
	public ChildSpec withBackoff(@Nullable Backoff backoff) {
		return new ChildSpec(this.id, this.kind, this.factory, this.supervisor, this.restart, this.shutdown,
				this.significant, backoff, this.delayOnMaxIntensity);
	}

	/**
	 * This spec with a delayed restart instead of giving up on maximum intensity.
	 * @param delay the delay, or {@code null} to give up as OTP does
	 * @return a copy with the delay changed
	 */
	public ChildSpec withDelayOnMaxIntensity(@Nullable Duration delay) {
		return new ChildSpec(this.id, this.kind, this.factory, this.supervisor, this.restart, this.shutdown,
				this.significant, this.backoff, delay);
	}

}
