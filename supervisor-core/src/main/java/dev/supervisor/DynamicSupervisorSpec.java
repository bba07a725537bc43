package dev.supervisor;

import java.time.Duration;
import java.util.Objects;

/**
 * A supervisor whose children are started at run time from one template (OTP
 * {@code simple_one_for_one}, Elixir {@code DynamicSupervisor}). Children are restarted one for
 * one; a child that is not restarted is removed.
 *
 * @param template the spec every child is made from; its id is replaced by the child's own
 * @param maxChildren how many children may exist at once; a start beyond it is refused
 * @param intensity maximum number of restarts within the period
 * @param period the window in which restarts are counted
 */
public record DynamicSupervisorSpec(ChildSpec template, int maxChildren, int intensity, Duration period)
		implements SupervisorSpec {

	/**
	 * Checks that the template and period are set.
	 * @param template the spec every child is made from; its id is replaced by the child's own
	 * @param maxChildren how many children may exist at once; a start beyond it is refused
	 * @param intensity maximum number of restarts within the period
	 * @param period the window in which restarts are counted
	 */
	public DynamicSupervisorSpec {
		Objects.requireNonNull(template, "template");
		Objects.requireNonNull(period, "period");
	}

	/**
	 * This spec with a limit on the number of children.
	 * @param maxChildren the limit
	 * @return a copy with the limit changed
	 */
	public DynamicSupervisorSpec withMaxChildren(int maxChildren) {
		return new DynamicSupervisorSpec(this.template, maxChildren, this.intensity, this.period);
	}

	/**
	 * This spec with another restart intensity.
	 * @param intensity maximum number of restarts within the period
	 * @param period the window
	 * @return a copy with the intensity changed
	 */
	public DynamicSupervisorSpec withIntensity(int intensity, Duration period) {
		return new DynamicSupervisorSpec(this.template, this.maxChildren, intensity, period);
	}

}
