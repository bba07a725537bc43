package dev.supervisor.spring;

import java.time.Duration;
import java.util.Objects;

/**
 * How the trees of an application are run.
 *
 * @param phase the lifecycle phase of the last declared tree; earlier trees take the
 * phases just below it, so trees start in declaration order and stop in reverse
 * @param enforceShutdownBudget whether a tree that may stop slower than the shutdown
 * phase timeout fails start-up (otherwise it is a warning)
 * @param shutdownPhaseTimeout the time Spring waits for one lifecycle phase to stop
 * ({@code spring.lifecycle.timeout-per-shutdown-phase})
 * @param handleWaitTimeout how long a call through a handle waits for a child that is not
 * running
 * @param handleMaxWaiting how many callers may wait for one child at once
 * @param virtualThreads whether trees run on virtual threads unless a tree says otherwise
 */
public record SupervisionSettings(int phase, boolean enforceShutdownBudget, Duration shutdownPhaseTimeout,
		Duration handleWaitTimeout, int handleMaxWaiting, boolean virtualThreads) {

	/**
	 * Checks that the durations are set.
	 * @param phase the lifecycle phase of the last declared tree; earlier trees take the phases just below
	 * it, so trees start in declaration order and stop in reverse
	 * @param enforceShutdownBudget whether a tree that may stop slower than the shutdown phase timeout fails
	 * start-up (otherwise it is a warning)
	 * @param shutdownPhaseTimeout the time Spring waits for one lifecycle phase to stop ({@code
	 * spring.lifecycle.timeout-per-shutdown-phase})
	 * @param handleWaitTimeout how long a call through a handle waits for a child that is not running
	 * @param handleMaxWaiting how many callers may wait for one child at once
	 * @param virtualThreads whether trees run on virtual threads unless a tree says otherwise
	 */
	public SupervisionSettings {
		Objects.requireNonNull(shutdownPhaseTimeout, "shutdownPhaseTimeout");
		Objects.requireNonNull(handleWaitTimeout, "handleWaitTimeout");
	}

}
