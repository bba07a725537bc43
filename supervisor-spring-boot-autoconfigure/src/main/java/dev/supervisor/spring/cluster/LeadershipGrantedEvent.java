package dev.supervisor.spring.cluster;

import java.time.Duration;

/**
 * This replica holds the leadership of a singleton tree and has started it.
 */
public class LeadershipGrantedEvent extends LeadershipEvent {

	private static final long serialVersionUID = 1L;

	/** From the grant of the lock to the tree running here. */
	private final Duration startDuration;

	/**
	 * Creates an event.
	 * @param source the coordinator of the tree
	 * @param tree the tree's name
	 * @param replica the id of this replica
	 * @param startDuration from the grant of the lock to the tree running here
	 */
	public LeadershipGrantedEvent(Object source, String tree, String replica, Duration startDuration) {
		super(source, tree, replica);
		this.startDuration = startDuration;
	}

	/**
	 * Return how long the tree took to start once this replica was granted its lock.
	 * @return from the grant of the lock to the tree running here
	 */
	public Duration getStartDuration() {
		return this.startDuration;
	}

	@Override
	public String toString() {
		return "LeadershipGrantedEvent[tree=" + getTree() + ", replica=" + getReplica() + ", started in "
				+ this.startDuration.toMillis() + "ms]";
	}

}
