package dev.supervisor.spring.cluster;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * Decides when a root tree runs on this replica. The tree's lifecycle only makes the
 * replica take part ({@link #join}) and leave ({@link #leave}); the coordinator starts and
 * stops the tree itself.
 *
 * @see dev.supervisor.spring.SupervisionRegistry#coordinate(String, TreeCoordinator)
 */
public interface TreeCoordinator {

	/**
	 * Makes this replica take part, and returns at once; the tree is started when this
	 * replica is chosen to run it.
	 * @param tree the tree
	 */
	void join(CoordinatedTree tree);

	/**
	 * Stops the tree if it runs here (in order, each child within its shutdown), and only
	 * then lets another replica take it over.
	 * @return completes once the tree has stopped here and this replica no longer takes part
	 */
	CompletableFuture<Void> leave();

	/**
	 * Return whether this replica takes part.
	 * @return whether this replica takes part (between {@link #join} and {@link #leave})
	 */
	boolean isJoined();

	/**
	 * Why an operator may not start or restart the tree on this replica.
	 * @return the reason, or {@code null} if the tree may be started here
	 */
	@Nullable String refusal();

	/**
	 * Which other replica runs a child of the tree's root, for a tree whose children are spread
	 * over the replicas.
	 * @param childId the child's id
	 * @return the replica that runs the child (or starts it within a heart-beat), or empty if
	 * it runs here, the tree has no such child, or the tree is not spread
	 */
	default Optional<String> replicaElsewhere(String childId) {
		return Optional.empty();
	}

	/**
	 * Return where the tree runs, as this replica knows it.
	 * @return the tree's placement
	 */
	ClusterPlacement placement();

}
