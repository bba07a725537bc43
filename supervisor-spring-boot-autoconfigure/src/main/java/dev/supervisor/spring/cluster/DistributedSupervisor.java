package dev.supervisor.spring.cluster;

import java.util.List;
import java.util.Optional;

import dev.supervisor.Outcome;

import org.jspecify.annotations.Nullable;

/**
 * The children of one distributed tree, as any replica can act on them: a child started here
 * runs on the replica it belongs to, wherever that is.
 */
public final class DistributedSupervisor {

	private final String name;

	private final DistributedCoordinator coordinator;

	DistributedSupervisor(String name, DistributedCoordinator coordinator) {
		this.name = name;
		this.coordinator = coordinator;
	}

	/**
	 * Return the tree's name.
	 * @return the name of the distributed tree
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Starts a child somewhere in the cluster (OTP {@code start_child/2}, Horde's
	 * {@code start_child/2}): it is recorded for the cluster, and the replica it belongs to
	 * starts it within a heart-beat (at once, when that is this replica).
	 * @param id the child's id, unique in the tree across the cluster
	 * @param argument the start argument its factory sees (a string, as it crosses replicas),
	 * or {@code null}
	 * @return OK or ALREADY_PRESENT, with the replica that runs (or will run) the child
	 */
	public Placed startChild(String id, @Nullable String argument) {
		ChildDirectory directory = this.coordinator.directory();
		boolean added = directory.add(id, argument);
		String owner = Rendezvous.owner(id, this.coordinator.settings().partitions(), members());
		if (!added) {
			return new Placed(Outcome.Status.ALREADY_PRESENT, this.name + "/" + id,
					directory.lastOwner(id).orElse(owner));
		}
		if (this.coordinator.settings().replicaId().equals(owner)) {
			this.coordinator.wake();
		}
		return new Placed(Outcome.Status.OK, this.name + "/" + id, owner);
	}

	/**
	 * Stops a child wherever it runs and forgets it (OTP {@code terminate_child/2}): its
	 * replica stops it within a heart-beat.
	 * @param id the child's id
	 * @return OK, or NOT_FOUND if the cluster has no such child
	 */
	public Outcome terminateChild(String id) {
		if (!this.coordinator.directory().remove(id)) {
			return Outcome.of(Outcome.Status.NOT_FOUND, this.name + "/" + id,
					"no child '" + id + "' in distributed tree '" + this.name + "'");
		}
		this.coordinator.wake();
		return Outcome.ok(this.name + "/" + id, "child removed from the cluster; its replica stops it");
	}

	/**
	 * Where a child was last started.
	 * @param id the child's id
	 * @return the replica, or empty if there is no such child or it has not started yet
	 */
	public Optional<String> replicaOf(String id) {
		return this.coordinator.directory().lastOwner(id);
	}

	/**
	 * Return the replicas taking part.
	 * @return the live replicas, sorted
	 */
	public List<String> members() {
		return this.coordinator.directory().liveMembers();
	}

	/**
	 * Return how many of the tree's children run on this replica.
	 * @return the number of children whose lock this replica holds
	 */
	public int runningHere() {
		return this.coordinator.runningHere();
	}

	/**
	 * Where a child started through any replica runs.
	 *
	 * @param status OK, or ALREADY_PRESENT for an id the cluster has
	 * @param path the child's path
	 * @param replica the replica that runs it or will start it within a heart-beat, or
	 * {@code null} if no replica takes part
	 */
	public record Placed(Outcome.Status status, String path, @Nullable String replica) {
	}

}
