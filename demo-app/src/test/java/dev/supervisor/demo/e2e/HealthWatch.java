package dev.supervisor.demo.e2e;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;

/**
 * Health against the trees' states: when the roots' states read before and after a health
 * request agree, health is DOWN exactly when one of them has failed, per tree and overall.
 * And no running supervisor shows more restarts in its window than its intensity.
 */
final class HealthWatch {

	private final DemoProcess demo;

	final AtomicLong stable = new AtomicLong();

	final AtomicLong down = new AtomicLong();

	final AtomicLong up = new AtomicLong();

	final List<String> violations = new CopyOnWriteArrayList<>();

	final AtomicBoolean stop = new AtomicBoolean();

	HealthWatch(DemoProcess demo) {
		this.demo = demo;
	}

	void check() {
		if (this.stop.get()) {
			return;
		}
		try {
			Map<String, String> before = roots();
			DemoProcess.Response health = this.demo.get("/actuator/health");
			Map<String, String> after = roots();
			if (!before.equals(after) || this.stop.get()) {
				// Not a stable state; or the watch was stopped meanwhile, and the SIGTERM that follows
				// may have made the application refuse traffic before the health request (seen once).
				return;
			}
			this.stable.incrementAndGet();
			boolean failed = before.values().stream().anyMatch((state) -> state.startsWith("failed#"));
			JsonNode supervision = health.json().path("components").path("supervision");
			String expected = failed ? "DOWN" : "UP";
			(failed ? this.down : this.up).incrementAndGet();
			if (!supervision.path("status").asString().equals(expected) || health.status() != (failed ? 503 : 200)) {
				this.violations.add("trees " + before + " but health " + health.status() + " " + health.body());
			}
			before.forEach((tree, state) -> {
				String treeStatus = supervision.path("components").path(tree).path("status").asString();
				if (!treeStatus.equals(state.startsWith("failed#") ? "DOWN" : "UP")) {
					this.violations.add("tree " + tree + " " + state + " but its health " + treeStatus);
				}
			});
		}
		catch (RuntimeException ex) {
			if (!this.stop.get()) {
				this.violations.add("health check failed: " + ex);
			}
		}
	}

	/** The roots' states; on the way, every running supervisor shows at most its intensity in its window. */
	private Map<String, String> roots() {
		Map<String, String> states = new LinkedHashMap<>();
		for (JsonNode tree : this.demo.get("/actuator/supervision").json().path("trees").values()) {
			// With the incarnation: a tree that failed and was restarted meanwhile is no stable state.
			states.put(tree.path("id").asString(),
					tree.path("state").asString() + "#" + tree.path("incarnation").asLong());
			checkWindows(tree);
		}
		return states;
	}

	private void checkWindows(JsonNode node) {
		JsonNode supervisor = node.path("supervisor");
		if (node.path("state").asString().equals("running") && supervisor.path("complete").asBoolean(false)
				&& supervisor.path("restartsInWindow").asInt() > supervisor.path("intensity").asInt()) {
			this.violations.add("running supervisor " + node.path("path").asString() + " shows "
					+ supervisor.path("restartsInWindow").asInt() + " restarts in its window, intensity "
					+ supervisor.path("intensity").asInt());
		}
		for (JsonNode child : node.path("children").values()) {
			checkWindows(child);
		}
	}

}
