package dev.supervisor.spring.actuate.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.supervisor.ChildState;
import dev.supervisor.ExitInfo;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.SnapshotOptions;
import dev.supervisor.SupervisionTree;
import dev.supervisor.spring.actuate.endpoint.SupervisionSanitizer;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@link org.springframework.boot.health.contributor.HealthIndicator} of one supervision tree:
 * {@code DOWN} when it has failed (it gave up and stays down until an operator restarts it),
 * {@code UP} otherwise. Details: its state, its last exit while it is not running, and what is
 * restarting or backing off, spelt as the endpoint spells them.
 */
public class TreeHealthIndicator extends AbstractHealthIndicator {

	private final SupervisionTree tree;

	private final boolean messagesShown;

	private final SnapshotOptions options;

	/**
	 * @param tree the tree
	 * @param messagesShown whether messages from user code are shown in the details
	 * ({@code management.endpoint.supervision.show-details=always}); masked otherwise
	 * @param maxNodes how many nodes a check looks at most
	 */
	public TreeHealthIndicator(SupervisionTree tree, boolean messagesShown, int maxNodes) {
		super("Supervision health check of tree '" + tree.name() + "' failed");
		this.tree = tree;
		this.messagesShown = messagesShown;
		// Dynamic supervisors are summarized by state, never listed: health stays cheap.
		this.options = new SnapshotOptions(0, 0, Integer.MAX_VALUE, maxNodes);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		NodeSnapshot root = this.tree.snapshot(this.options);
		if (root.state() == ChildState.FAILED) {
			builder.down();
		}
		else {
			builder.up();
		}
		builder.withDetail("state", root.state().toString());
		if (root.lastExit() != null && root.state() != ChildState.RUNNING) {
			builder.withDetail("lastExit", exit(root.lastExit()));
		}
		List<Map<String, Object>> restarting = new ArrayList<>();
		Map<String, Integer> restartingDynamic = new LinkedHashMap<>();
		collect(root, restarting, restartingDynamic);
		if (!restarting.isEmpty()) {
			builder.withDetail("restarting", restarting);
		}
		if (!restartingDynamic.isEmpty()) {
			builder.withDetail("restartingDynamicChildren", restartingDynamic);
		}
		if (root.supervisor() != null && (!root.supervisor().complete() || truncated(root))) {
			// What could not be looked at is said, never taken for healthy silence.
			builder.withDetail("complete", false);
		}
	}

	private Map<String, Object> exit(ExitInfo exit) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("reason", exit.reason().name().toLowerCase(java.util.Locale.ROOT));
		if (exit.detail() != null) {
			details.put("detail", exit.detail());
		}
		if (exit.exceptionClass() != null) {
			details.put("exception", exit.exceptionClass());
		}
		if (exit.message() != null) {
			details.put("message", this.messagesShown ? exit.message() : SupervisionSanitizer.MASK);
		}
		details.put("at", exit.at());
		return details;
	}

	private static void collect(NodeSnapshot node, List<Map<String, Object>> restarting,
			Map<String, Integer> restartingDynamic) {
		if (node.supervisor() == null) {
			return;
		}
		Integer dynamicCount = node.supervisor().childrenByState().get(ChildState.RESTARTING);
		Integer dynamicDelayed = node.supervisor().childrenByState().get(ChildState.DELAYED);
		if (dynamicDelayed != null) {
			dynamicCount = ((dynamicCount != null) ? dynamicCount : 0) + dynamicDelayed;
		}
		if (node.supervisor().strategy() == null && dynamicCount != null) {
			restartingDynamic.put(node.path(), dynamicCount);
		}
		for (NodeSnapshot child : node.supervisor().children()) {
			if (child.state() == ChildState.RESTARTING || child.state() == ChildState.DELAYED) {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("path", child.path());
				entry.put("state", child.state().toString());
				// A pending restart in the future is a backoff or a delayed restart.
				if (child.nextRestartAt() != null) {
					entry.put("nextRestartAt", child.nextRestartAt());
				}
				restarting.add(entry);
			}
			collect(child, restarting, restartingDynamic);
		}
	}

	private static boolean truncated(NodeSnapshot node) {
		if (node.supervisor() == null) {
			return false;
		}
		NodeSnapshot.SupervisorView view = node.supervisor();
		if (!view.complete() || view.truncated()) {
			return true;
		}
		for (NodeSnapshot child : view.children()) {
			if (truncated(child)) {
				return true;
			}
		}
		return false;
	}

}
