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
 * @param autoShutdown when significant children stop the supervisor: with a significant template,
 * {@code any-significant} stops it when a child exits by itself and is not restarted,
 * {@code all-significant} when no child is left (OTP {@code do_auto_shutdown/2} for
 * {@code simple_one_for_one})
 */
public record DynamicSupervisorSpec(ChildSpec template, int maxChildren, int intensity, Duration period,
		AutoShutdown autoShutdown) implements SupervisorSpec {

	/**
	 * Checks that the template and period are set.
	 * @param template the spec every child is made from; its id is replaced by the child's own
	 * @param maxChildren how many children may exist at once; a start beyond it is refused
	 * @param intensity maximum number of restarts within the period
	 * @param period the window in which restarts are counted
	 * @param autoShutdown when significant children stop the supervisor
	 */
	public DynamicSupervisorSpec {
		Objects.requireNonNull(template, "template");
		Objects.requireNonNull(period, "period");
		Objects.requireNonNull(autoShutdown, "autoShutdown");
	}

	/**
	 * A dynamic supervisor that never stops by itself ({@link AutoShutdown#NEVER}).
	 * @param template the spec every child is made from
	 * @param maxChildren how many children may exist at once
	 * @param intensity maximum number of restarts within the period
	 * @param period the window in which restarts are counted
	 */
	public DynamicSupervisorSpec(ChildSpec template, int maxChildren, int intensity, Duration period) {
		this(template, maxChildren, intensity, period, AutoShutdown.NEVER);
	}

	/**
	 * This spec with a limit on the number of children.
	 * @param maxChildren the limit
	 * @return a copy with the limit changed
	 */
	public DynamicSupervisorSpec withMaxChildren(int maxChildren) {
		return new DynamicSupervisorSpec(this.template, maxChildren, this.intensity, this.period, this.autoShutdown);
	}

	/**
	 * This spec with another restart intensity.
	 * @param intensity maximum number of restarts within the period
	 * @param period the window
	 * @return a copy with the intensity changed
	 */
	public DynamicSupervisorSpec withIntensity(int intensity, Duration period) {
		return new DynamicSupervisorSpec(this.template, this.maxChildren, intensity, period, this.autoShutdown);
	}

	/**
	 * This spec with another auto-shutdown (OTP {@code auto_shutdown}, which applies to
	 * {@code simple_one_for_one} too).
	 * @param autoShutdown when significant children stop the supervisor
	 * @return a copy with auto-shutdown changed
	 */
	public DynamicSupervisorSpec withAutoShutdown(AutoShutdown autoShutdown) {
		return new DynamicSupervisorSpec(this.template, this.maxChildren, this.intensity, this.period, autoShutdown);
	}

	/**
	 * This spec with another template, everything else kept.
	 * @param template the spec every child is made from
	 * @return a copy with the template changed
	 */
	public DynamicSupervisorSpec withTemplate(ChildSpec template) {
		return new DynamicSupervisorSpec(template, this.maxChildren, this.intensity, this.period, this.autoShutdown);
	}

}
