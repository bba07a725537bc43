package dev.supervisor;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The specification of a supervisor: a static one ({@link StaticSupervisorSpec}) or a dynamic one
 * ({@link DynamicSupervisorSpec}). Both share the restart intensity (OTP {@code sup_flags()}).
 */
public sealed interface SupervisorSpec permits StaticSupervisorSpec, DynamicSupervisorSpec {

	/** Default intensity: 3 restarts (Elixir's; OTP's is 1). */
	int DEFAULT_INTENSITY = 3;

	/** Default period: 5 seconds (OTP's and Elixir's). */
	Duration DEFAULT_PERIOD = Duration.ofSeconds(5);

	/**
	 * Maximum number of restarts allowed within the period before the supervisor gives up.
	 * @return the intensity, {@code >= 0}
	 */
	int intensity();

	/**
	 * The sliding window in which restarts are counted.
	 * @return the period, positive
	 */
	Duration period();

	/**
	 * When significant children stop the supervisor (OTP {@code auto_shutdown}).
	 * @return the auto-shutdown, {@link AutoShutdown#NEVER} by default
	 */
	AutoShutdown autoShutdown();

	/**
	 * A static {@code one_for_one} supervisor with the default intensity.
	 * @param children the children in start order
	 * @return the spec
	 */
	static StaticSupervisorSpec oneForOne(ChildSpec... children) {
		return of(Strategy.ONE_FOR_ONE, children);
	}

	/**
	 * A static {@code one_for_all} supervisor with the default intensity.
	 * @param children the children in start order
	 * @return the spec
	 */
	static StaticSupervisorSpec oneForAll(ChildSpec... children) {
		return of(Strategy.ONE_FOR_ALL, children);
	}

	/**
	 * A static {@code rest_for_one} supervisor with the default intensity.
	 * @param children the children in start order
	 * @return the spec
	 */
	static StaticSupervisorSpec restForOne(ChildSpec... children) {
		return of(Strategy.REST_FOR_ONE, children);
	}

	/**
	 * A static supervisor with the default intensity and no auto-shutdown.
	 * @param strategy the restart strategy
	 * @param children the children in start order
	 * @return the spec
	 */
	static StaticSupervisorSpec of(Strategy strategy, ChildSpec... children) {
		return new StaticSupervisorSpec(strategy, DEFAULT_INTENSITY, DEFAULT_PERIOD, AutoShutdown.NEVER,
				List.copyOf(Arrays.asList(children)));
	}

	/**
	 * A dynamic supervisor whose children are all made from one template.
	 * @param template the spec every child is started from (its id is replaced per child)
	 * @return the spec, without a limit on the number of children
	 */
	static DynamicSupervisorSpec dynamic(ChildSpec template) {
		return new DynamicSupervisorSpec(template, Integer.MAX_VALUE, DEFAULT_INTENSITY, DEFAULT_PERIOD);
	}

}
