package dev.supervisor.spring.actuate.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.supervisor.ChildState;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.SnapshotOptions;
import dev.supervisor.SupervisionTree;
import dev.supervisor.spring.SupervisionRegistry;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@link org.springframework.boot.health.contributor.HealthIndicator} for the supervision trees:
 * {@code DOWN} when a root tree has failed (it gave up and stays down until an operator
 * restarts it), {@code UP} otherwise; details per tree with what is restarting or backing off.
 */
public class SupervisionHealthIndicator extends AbstractHealthIndicator {

	// Dynamic supervisors are summarized by state, never listed: health stays cheap.
	private static final SnapshotOptions OPTIONS = new SnapshotOptions(0, 0, Integer.MAX_VALUE);

	private final SupervisionRegistry registry;

	/**
	 * @param registry the trees
	 */
	public SupervisionHealthIndicator(SupervisionRegistry registry) {
		super("Supervision health check failed");
		this.registry = registry;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean failed = false;
		for (SupervisionTree tree : this.registry.trees()) {
			NodeSnapshot root = tree.snapshot(OPTIONS);
			failed |= root.state() == ChildState.FAILED;
			builder.withDetail(tree.name(), details(root));
		}
		if (failed) {
			builder.down();
		}
		else {
			builder.up();
		}
	}

	private static Map<String, Object> details(NodeSnapshot root) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("state", name(root.state()));
		if (root.lastExit() != null && root.state() != ChildState.RUNNING) {
			details.put("lastExit", name(root.lastExit().reason())
					+ ((root.lastExit().detail() != null) ? " (" + root.lastExit().detail() + ")" : ""));
		}
		List<Map<String, Object>> restarting = new ArrayList<>();
		Map<String, Integer> restartingDynamic = new LinkedHashMap<>();
		collect(root, restarting, restartingDynamic);
		if (!restarting.isEmpty()) {
			details.put("restarting", restarting);
		}
		if (!restartingDynamic.isEmpty()) {
			details.put("restartingDynamicChildren", restartingDynamic);
		}
		return details;
	}

	private static void collect(NodeSnapshot node, List<Map<String, Object>> restarting,
			Map<String, Integer> restartingDynamic) {
		if (node.supervisor() == null) {
			return;
		}
		Integer dynamicCount = node.supervisor().childrenByState().get(ChildState.RESTARTING);
		if (node.supervisor().strategy() == null && dynamicCount != null) {
			restartingDynamic.put(node.path(), dynamicCount);
		}
		for (NodeSnapshot child : node.supervisor().children()) {
			if (child.state() == ChildState.RESTARTING) {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("path", child.path());
				// A pending restart in the future is a backoff or a delayed restart.
				if (child.nextRestartAt() != null) {
					entry.put("nextRestartAt", child.nextRestartAt());
				}
				restarting.add(entry);
			}
			collect(child, restarting, restartingDynamic);
		}
	}

	private static String name(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
