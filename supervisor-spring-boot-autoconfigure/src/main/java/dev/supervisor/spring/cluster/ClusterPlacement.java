package dev.supervisor.spring.cluster;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Where a coordinated tree runs, as one replica knows it.
 *
 * @param mode how the tree is spread over the replicas
 * @param replica the id of this replica
 * @param role this replica's role for the tree: {@code leader} (it runs the singleton here),
 * {@code standby} (it waits to take the singleton over), {@code member} (it runs its share
 * of a distributed tree's children) or {@code left} (it no longer takes part)
 * @param since when this replica took that role, or {@code null} if it never took part
 */
public record ClusterPlacement(ClusterMode mode, String replica, String role, @Nullable Instant since) {

	/** The role of the replica that runs the tree. */
	public static final String LEADER = "leader";

	/** The role of a replica waiting to take the tree over. */
	public static final String STANDBY = "standby";

	/** The role of a replica that runs its share of a distributed tree's children. */
	public static final String MEMBER = "member";

	/** The role of a replica that no longer takes part. */
	public static final String LEFT = "left";

	/**
	 * Checks that the mode, replica and role are set.
	 * @param mode how the tree is spread over the replicas
	 * @param replica the id of this replica
	 * @param role this replica's role for the tree
	 * @param since when this replica took that role, or {@code null}
	 */
	public ClusterPlacement {
		Objects.requireNonNull(mode, "mode");
		Objects.requireNonNull(replica, "replica");
		Objects.requireNonNull(role, "role");
	}

}
