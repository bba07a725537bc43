package dev.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * What a tree runs on: its clock, its threads, its listeners, its source of jitter and whether it
 * writes OTP-style reports to {@link System.Logger}. Injected so tests are deterministic.
 *
 * @param clock the time source
 * @param threadFactory makes every thread of the tree (the engine names them)
 * @param listeners receive every event
 * @param random values in {@code [0, 1)} for backoff jitter
 * @param reports whether supervisor reports are logged
 * @param logger where supervisor reports are written
 */
public record TreeOptions(SupervisionClock clock, ThreadFactory threadFactory, List<SupervisionListener> listeners,
		DoubleSupplier random, boolean reports, System.Logger logger) {

	/** The logger reports go to by default. */
	public static final String LOGGER_NAME = "dev.supervisor.Supervisor";

	/**
	 * Checks that the clock, thread factory, random source and logger are set.
	 * @param clock the time source
	 * @param threadFactory makes every thread of the tree (the engine names them)
	 * @param listeners receive every event
	 * @param random values in {@code [0, 1)} for backoff jitter
	 * @param reports whether supervisor reports are logged
	 * @param logger where supervisor reports are written
	 */
	public TreeOptions {
		Objects.requireNonNull(clock, "clock");
		Objects.requireNonNull(threadFactory, "threadFactory");
		Objects.requireNonNull(random, "random");
		Objects.requireNonNull(logger, "logger");
		listeners = List.copyOf(listeners);
	}

	/**
	 * System clock, daemon platform threads, no listeners, reports on.
	 * @return the defaults
	 */
	public static TreeOptions defaults() {
		return new TreeOptions(SupervisionClock.system(), Threads.platform(), List.of(),
				() -> ThreadLocalRandom.current().nextDouble(), true, System.getLogger(LOGGER_NAME));
	}

	/**
	 * These options with another clock.
	 * @param clock the clock
	 * @return a copy
	 */
	public TreeOptions withClock(SupervisionClock clock) {
		return new TreeOptions(clock, this.threadFactory, this.listeners, this.random, this.reports, this.logger);
	}

	/**
	 * These options with another thread factory.
	 * @param threadFactory the factory
	 * @return a copy
	 */
	public TreeOptions withThreadFactory(ThreadFactory threadFactory) {
		return new TreeOptions(this.clock, threadFactory, this.listeners, this.random, this.reports, this.logger);
	}

	/**
	 * These options with one more listener.
	 * @param listener the listener
	 * @return a copy
	 */
	public TreeOptions withListener(SupervisionListener listener) {
		List<SupervisionListener> all = new ArrayList<>(this.listeners);
		all.add(listener);
		return new TreeOptions(this.clock, this.threadFactory, all, this.random, this.reports, this.logger);
	}

	/**
	 * These options with another source of jitter.
	 * @param random values in {@code [0, 1)}
	 * @return a copy
	 */
	public TreeOptions withRandom(DoubleSupplier random) {
		return new TreeOptions(this.clock, this.threadFactory, this.listeners, random, this.reports, this.logger);
	}

	/**
	 * These options with reports on or off.
	 * @param reports whether supervisor reports are logged
	 * @return a copy
	 */
	public TreeOptions withReports(boolean reports) {
		return new TreeOptions(this.clock, this.threadFactory, this.listeners, this.random, reports, this.logger);
	}

	/**
	 * These options with reports written to another logger (e.g. one that writes through the
	 * application's logging system, which may outlive the JDK's logging bridge at shutdown).
	 * @param logger the logger
	 * @return a copy
	 */
	public TreeOptions withLogger(System.Logger logger) {
		return new TreeOptions(this.clock, this.threadFactory, this.listeners, this.random, this.reports, logger);
	}

}
