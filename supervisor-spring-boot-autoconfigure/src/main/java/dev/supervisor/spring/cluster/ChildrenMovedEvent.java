package dev.supervisor.spring.cluster;

import org.springframework.context.ApplicationEvent;

/**
 * A round of a distributed tree changed what runs on this replica: children started here,
 * handed over to other replicas, ended by themselves, or lost (their lock was no longer
 * this replica's).
 */
public class ChildrenMovedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	/** The name of the distributed tree. */
	private final String tree;

	/** The id of the replica that publishes the event. */
	private final String replica;

	/** The counts of the round: started, handed over, ended, lost, running here. */
	private final int[] counts;

	/**
	 * Creates an event.
	 * @param source the coordinator of the tree
	 * @param tree the tree's name
	 * @param replica the id of this replica
	 * @param started children started here in the round
	 * @param handedOver children stopped here because they belong to another replica now
	 * @param ended children that ended by themselves and were removed from the cluster
	 * @param lost children stopped here because their lock was no longer this replica's
	 * @param runningHere children running here after the round
	 */
	public ChildrenMovedEvent(Object source, String tree, String replica, int started, int handedOver, int ended,
			int lost, int runningHere) {
		super(source);
		this.tree = tree;
		this.replica = replica;
		this.counts = new int[] { started, handedOver, ended, lost, runningHere };
	}

	/**
	 * Return the tree's name.
	 * @return the name of the distributed tree
	 */
	public String getTree() {
		return this.tree;
	}

	/**
	 * Return this replica's id.
	 * @return the id of the replica that publishes the event
	 */
	public String getReplica() {
		return this.replica;
	}

	/**
	 * Return how many children started here in the round.
	 * @return the number of children started
	 */
	public int getStarted() {
		return this.counts[0];
	}

	/**
	 * Return how many children were handed over to other replicas in the round.
	 * @return the number of children stopped here because they belong elsewhere now
	 */
	public int getHandedOver() {
		return this.counts[1];
	}

	/**
	 * Return how many children ended by themselves in the round.
	 * @return the number of children removed from the cluster after their own exit
	 */
	public int getEnded() {
		return this.counts[2];
	}

	/**
	 * Return how many children were lost in the round.
	 * @return the number of children whose lock was no longer this replica's
	 */
	public int getLost() {
		return this.counts[3];
	}

	/**
	 * Return how many children run here after the round.
	 * @return the number of children running on this replica
	 */
	public int getRunningHere() {
		return this.counts[4];
	}

	@Override
	public String toString() {
		return "ChildrenMovedEvent[tree=" + this.tree + ", replica=" + this.replica + ", started=" + getStarted()
				+ ", handedOver=" + getHandedOver() + ", ended=" + getEnded() + ", lost=" + getLost()
				+ ", runningHere=" + getRunningHere() + "]";
	}

}
