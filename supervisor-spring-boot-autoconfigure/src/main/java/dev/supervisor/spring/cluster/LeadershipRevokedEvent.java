package dev.supervisor.spring.cluster;

import java.time.Duration;

/**
 * This replica no longer runs a singleton tree: the tree has stopped here, and only then
 * the lock was (or will be) released.
 */
public class LeadershipRevokedEvent extends LeadershipEvent {

	private static final long serialVersionUID = 1L;

	/** Why the tree stopped here. */
	private final Cause cause;

	/** How long the tree took to stop here. */
	private final Duration stopDuration;

	/**
	 * Creates an event.
	 * @param source the coordinator of the tree
	 * @param tree the tree's name
	 * @param replica the id of this replica
	 * @param cause why the tree stopped here
	 * @param stopDuration how long the tree took to stop here
	 */
	public LeadershipRevokedEvent(Object source, String tree, String replica, Cause cause, Duration stopDuration) {
		super(source, tree, replica);
		this.cause = cause;
		this.stopDuration = stopDuration;
	}

	/**
	 * Return why the tree stopped here.
	 * @return the cause
	 */
	public Cause getCause() {
		return this.cause;
	}

	/**
	 * Return how long the tree took to stop here (the handoff's share on this replica).
	 * @return the stop's duration
	 */
	public Duration getStopDuration() {
		return this.stopDuration;
	}

	@Override
	public String toString() {
		return "LeadershipRevokedEvent[tree=" + getTree() + ", replica=" + getReplica() + ", cause=" + this.cause
				+ ", stopped in " + this.stopDuration.toMillis() + "ms]";
	}

	/**
	 * Why a replica stopped running a singleton tree.
	 */
	public enum Cause {

		/** The replica leaves (its context closes): it hands the tree over. */
		RELEASED,

		/** The lock store no longer confirmed this replica's lock (an error, or another holder). */
		LOST,

		/** The lock was not renewed in time: the tree was stopped before the lock could expire. */
		LEASE_EXPIRING

	}

}
