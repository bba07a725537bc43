package dev.supervisor.spring.actuate.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * Every tree of the application.
 *
 * @param trees the root nodes in declaration order
 * @param truncated whether nodes were left out because the response's depth or node budget
 * ended (the nodes that lost children say {@code "truncated": true})
 * @param cluster where the trees shared by the replicas run, absent when every tree runs on
 * every replica
 */
public record TreesDescriptor(List<NodeDescriptor> trees, boolean truncated, @Nullable ClusterDescriptor cluster)
		implements OperationResponseBody {

	/**
	 * Every tree of an application whose trees all run on every replica.
	 * @param trees the root nodes in declaration order
	 * @param truncated whether nodes were left out because the response's depth or node
	 * budget ended
	 */
	public TreesDescriptor(List<NodeDescriptor> trees, boolean truncated) {
		this(trees, truncated, null);
	}

	/**
	 * Where the trees shared by the replicas run, as this replica knows it.
	 *
	 * @param replica the id of this replica
	 * @param trees by tree name
	 */
	public record ClusterDescriptor(String replica, Map<String, PlacementDescriptor> trees) {
	}

	/**
	 * Where one shared tree runs.
	 *
	 * @param mode {@code singleton} or {@code distributed}
	 * @param role this replica's role: {@code leader} (the singleton runs here), {@code standby}
	 * (it runs on another replica, or on none while the lock is free), {@code member} (this
	 * replica runs its share of a distributed tree's children) or {@code left}
	 * @param since when this replica took that role
	 */
	public record PlacementDescriptor(String mode, String role, @Nullable Instant since) {
	}

}
