package dev.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A supervisor with a fixed, ordered list of children (OTP {@code one_for_one},
 * {@code one_for_all}, {@code rest_for_one}).
 *
 * @param strategy how a restart affects siblings
 * @param intensity maximum number of restarts within the period
 * @param period the window in which restarts are counted
 * @param autoShutdown when significant children stop the supervisor
 * @param children the children in start order
 */
public record StaticSupervisorSpec(Strategy strategy, int intensity, Duration period, AutoShutdown autoShutdown,
		List<ChildSpec> children) implements SupervisorSpec {

	/**
	 * Checks that the strategy, period, auto-shutdown and children are set, and copies the children.
	 * @param strategy how a restart affects siblings
	 * @param intensity maximum number of restarts within the period
	 * @param period the window in which restarts are counted
	 * @param autoShutdown when significant children stop the supervisor
	 * @param children the children in start order
	 */
	public StaticSupervisorSpec {
		Objects.requireNonNull(strategy, "strategy");
		Objects.requireNonNull(period, "period");
		Objects.requireNonNull(autoShutdown, "autoShutdown");
		children = List.copyOf(children);
	}

	/**
	 * This spec with another restart intensity.
	 * @param intensity maximum number of restarts within the period
	 * @param period the window
	 * @return a copy with the intensity changed
	 */
	public StaticSupervisorSpec withIntensity(int intensity, Duration period) {
		return new StaticSupervisorSpec(this.strategy, intensity, period, this.autoShutdown, this.children);
	}

	/**
	 * This spec with another auto-shutdown.
	 * @param autoShutdown when significant children stop the supervisor
	 * @return a copy with auto-shutdown changed
	 */
	public StaticSupervisorSpec withAutoShutdown(AutoShutdown autoShutdown) {
		return new StaticSupervisorSpec(this.strategy, this.intensity, this.period, autoShutdown, this.children);
	}

	/**
	 * This spec with one more child at the end of the start order.
	 * @param child the child
	 * @return a copy with the child appended
	 */
	public StaticSupervisorSpec withChild(ChildSpec child) {
		List<ChildSpec> all = new ArrayList<>(this.children);
		all.add(child);
		return new StaticSupervisorSpec(this.strategy, this.intensity, this.period, this.autoShutdown, all);
	}

}
