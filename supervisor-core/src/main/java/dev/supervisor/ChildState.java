package dev.supervisor;

import java.util.Locale;

/**
 * The state of a node in the tree, as operators see it. Its printed form ({@link #toString()})
 * is the one spelling used in the endpoint's JSON, health details, metric tags and log lines:
 * {@code running}, {@code restarting}, and so on.
 */
public enum ChildState {

	/** Its start is in progress. */
	STARTING,

	/** Running. */
	RUNNING,

	/** Down and about to be started again: a backoff or a retry is pending. */
	RESTARTING,

	/**
	 * Down, and its restart delayed: its supervisor reached its intensity and, instead of giving
	 * up, restarts it once the delay ends ({@code delay-on-max-intensity}, RabbitMQ
	 * {@code supervisor2}), in a fresh restart window.
	 */
	DELAYED,

	/** Being stopped by its supervisor. */
	STOPPING,

	/** Not running; its spec is kept (terminated, declined to start, or exited and not restarted). */
	STOPPED,

	/** A root tree that gave up (maximum restart intensity reached); it stays down until restarted. */
	FAILED;

	/**
	 * The state as every output of the library spells it.
	 * @return e.g. {@code running}
	 */
	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}

}
