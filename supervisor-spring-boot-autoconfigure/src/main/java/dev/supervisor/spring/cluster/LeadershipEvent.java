package dev.supervisor.spring.cluster;

import org.springframework.context.ApplicationEvent;

/**
 * A change of the replica that runs a cluster singleton tree, as seen by this replica.
 */
public abstract class LeadershipEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	/** The name of the singleton tree. */
	private final String tree;

	/** The id of the replica that publishes the event. */
	private final String replica;

	/**
	 * Creates an event.
	 * @param source the coordinator of the tree
	 * @param tree the tree's name
	 * @param replica the id of this replica
	 */
	protected LeadershipEvent(Object source, String tree, String replica) {
		super(source);
		this.tree = tree;
		this.replica = replica;
	}

	/**
	 * Return the tree's name.
	 * @return the name of the singleton tree
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

}
