package dev.supervisor.demo.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * The demo as a user meets it: its real jar, started as a separate process. One process
 * serves the whole class (starting one takes seconds on a small CI machine); the tests
 * run in a fixed order, the tree's shape first, and each restores what it breaks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoApplicationIT {

	private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(20);

	/** What each bean of application.yml is: a worker or a service. */
	private static final Map<String, String> BEAN_TYPES = Map.of("bucket", "worker", "bucketRegistry", "service",
			"brokerClient", "service", "producer", "worker", "factConsumer", "worker");

	private DemoProcess demo;

	@BeforeAll
	void startDemo() throws IOException {
		this.demo = DemoProcess.start("demo-application");
	}

	@AfterAll
	void stopDemo() {
		if (this.demo != null) {
			this.demo.close();
		}
	}

	@Test
	@Order(1)
	void treeMatchesApplicationYmlHealthIsUpAndPrometheusHasTheSupervisionMeters() throws IOException {
		Map<String, Map<String, Object>> declared = declaredTrees();
		DemoProcess.Response response = this.demo.get("/actuator/supervision");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		List<String> names = new ArrayList<>();
		response.json().path("trees").values().forEach((tree) -> names.add(tree.path("id").asString()));
		assertThat(names).containsExactlyElementsOf(declared.keySet());
		for (JsonNode tree : response.json().path("trees").values()) {
			String name = tree.path("id").asString();
			assertMatches(tree, declared.get(name), name, true);
		}
		DemoProcess.Response health = this.demo.get("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().path("status").asString()).isEqualTo("UP");
		assertThat(health.json().path("components").path("supervision").path("status").asString()).isEqualTo("UP");
		DemoProcess.Response prometheus = this.demo.get("/actuator/prometheus");
		assertThat(prometheus.status()).isEqualTo(200);
		assertThat(prometheus.body()).contains("supervision_child_starts_total{", "supervision_children{")
			.contains("tree=\"kv\"", "tree=\"ingest\"", "tree=\"facts\"");
	}

	@Test
	@Order(1)
	void listensOnTheLoopbackInterfaceOnlyByDefault() throws IOException {
		// Its writes and chaos endpoint are open without Spring Security: nothing off this machine may reach them.
		InetAddress external = NetworkInterface.networkInterfaces()
			.filter((network) -> isUp(network))
			.flatMap(NetworkInterface::inetAddresses)
			.filter((address) -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
			.findFirst()
			.orElse(null);
		assumeTrue(external != null, "this machine has no address but loopback");
		try (Socket socket = new Socket()) {
			assertThatThrownBy(() -> socket.connect(new InetSocketAddress(external, this.demo.port()), 2000))
				.as("a connection to %s:%d", external, this.demo.port())
				.isInstanceOf(IOException.class);
		}
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.demo.port()), 2000);
		}
	}

	private static boolean isUp(NetworkInterface network) {
		try {
			return network.isUp();
		}
		catch (SocketException ex) {
			return false;
		}
	}

	@Test
	@Order(2)
	void childCrashedThroughTheChaosEndpointComesBackWithANewIncarnation() {
		String path = "ingest/producers/p-1";
		long before = this.demo.node(path).path("incarnation").asLong();
		DemoProcess.Response crash = this.demo.post("/chaos/crash/" + path);
		assertThat(crash.status()).as(crash.body()).isEqualTo(200);
		assertThat(crash.json().path("incarnation").asLong()).isEqualTo(before);
		JsonNode restarted = awaitNode(path,
				(node) -> node.path("incarnation").asLong() > before && isRunning(node));
		assertThat(restarted.path("restartCount").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(restarted.path("lastExit").path("reason").asString()).isEqualTo("crashed");
		assertThat(restarted.path("lastExit").path("exception").asString()).endsWith("ChaosException");
		// A service under one_for_all takes its sibling down with it: both restart.
		long registry = this.demo.node("kv/registry").path("incarnation").asLong();
		long buckets = this.demo.node("kv/buckets").path("incarnation").asLong();
		assertThat(this.demo.post("/chaos/crash/kv/registry").status()).isEqualTo(200);
		awaitNode("kv/registry", (node) -> node.path("incarnation").asLong() > registry && isRunning(node));
		awaitNode("kv/buckets", (node) -> node.path("incarnation").asLong() > buckets && isRunning(node));
		assertThat(this.demo.get("/actuator/prometheus").body()).contains("supervision_child_exits_total{",
				"reason=\"crashed\"", "supervision_child_restarts_total{", "supervision_restart_latency_seconds");
	}

	@Test
	@Order(3)
	void operatorRestartThroughTheActuatorEndpointStartsANewIncarnation() {
		String path = "ingest/client";
		long before = this.demo.node(path).path("incarnation").asLong();
		DemoProcess.Response restart = this.demo.postJson("/actuator/supervision/" + path,
				"{\"action\":\"restart\"}");
		assertThat(restart.status()).as(restart.body()).isEqualTo(200);
		assertThat(restart.json().path("incarnation").asLong()).isGreaterThan(before);
		awaitNode(path, (node) -> node.path("incarnation").asLong() > before && isRunning(node));
	}

	@Test
	@Order(4)
	void crashedBucketIsGoneAndTheRegistryForgetsIt() {
		assertThat(this.demo.post("/kv/buckets/shopping").status()).isEqualTo(201);
		assertThat(this.demo.putText("/kv/buckets/shopping/milk", "3").status()).isEqualTo(200);
		DemoProcess.Response milk = this.demo.get("/kv/buckets/shopping/milk");
		assertThat(milk.status()).isEqualTo(200);
		assertThat(milk.json().path("value").asString()).isEqualTo("3");
		assertThat(this.demo.post("/kv/buckets/garden").status()).isEqualTo(201);
		assertThat(bucketNames()).containsExactly("garden", "shopping");
		assertThat(this.demo.post("/chaos/crash/kv/buckets/shopping").status()).isEqualTo(200);
		await().atMost(RESTART_TIMEOUT).untilAsserted(() -> assertThat(bucketNames()).containsExactly("garden"));
		assertThat(this.demo.get("/kv/buckets/shopping/milk").status()).isEqualTo(404);
		// A new bucket of the same name starts empty.
		assertThat(this.demo.post("/kv/buckets/shopping").status()).isEqualTo(201);
		assertThat(this.demo.get("/kv/buckets/shopping/milk").status()).isEqualTo(404);
		// The registry's crash takes every bucket with it (one_for_all); the new registry
		// answers through the same handle, and knows no bucket.
		assertThat(this.demo.post("/chaos/crash/kv/registry").status()).isEqualTo(200);
		await().atMost(RESTART_TIMEOUT).untilAsserted(() -> assertThat(bucketNames()).isEmpty());
		assertThat(this.demo.get("/kv/buckets/garden").status()).isEqualTo(404);
	}

	@Test
	@Order(5)
	void messagesAcceptedDuringABrokerOutageReachTheJournalOnceItIsBack() {
		DemoProcess.Response outage = this.demo.post("/chaos/broker-outage?duration=2s");
		assertThat(outage.status()).as(outage.body()).isEqualTo(200);
		List<String> accepted = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			DemoProcess.Response response = this.demo.postJson("/messages",
					"{\"payload\":\"during outage " + i + "\"}");
			assertThat(response.status()).as(response.body()).isEqualTo(202);
			accepted.add(response.json().path("id").asString());
		}
		// The client backs off, then reconnects; the producers flush what they kept.
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(JournalContents.idCounts(this.demo.journalDirectory()))
				.containsAllEntriesOf(once(accepted)));
		assertThat(this.demo.logText()).contains("event=restart-scheduled path=ingest/client");
	}

	@Test
	@Order(6)
	void poisonFactKeepsTheFactsTreeDownUntilAnOperatorRestartsIt() {
		assertThat(this.demo.postJson("/facts", "{\"amount\":5}").status()).isEqualTo(201);
		DemoProcess.Response poison = this.demo.post("/chaos/poison-fact");
		assertThat(poison.status()).isEqualTo(200);
		long poisonOffset = poison.json().path("offset").asLong();
		assertThat(this.demo.postJson("/facts", "{\"amount\":7}").status()).isEqualTo(201);
		awaitNode("facts", (node) -> node.path("state").asString().equals("failed"));
		DemoProcess.Response health = this.demo.get("/actuator/health");
		assertThat(health.status()).isEqualTo(503);
		assertThat(health.json().path("status").asString()).isEqualTo("DOWN");
		assertThat(health.json().path("components").path("supervision").path("status").asString()).isEqualTo("DOWN");
		assertThat(this.demo.logText()).contains("ALERT: supervision tree 'facts' gave up");
		// It stays down: nothing restarts it by itself.
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> this.demo.node("facts").path("state").asString().equals("failed"));
		// The operator's fix, then the operator's restart.
		DemoProcess.Response dropped = this.demo.delete("/facts/poison");
		assertThat(dropped.json().path("dropped").get(0).asLong()).isEqualTo(poisonOffset);
		DemoProcess.Response restart = this.demo.postJson("/actuator/supervision/facts", "{\"action\":\"restart\"}");
		assertThat(restart.status()).as(restart.body()).isEqualTo(200);
		awaitNode("facts", DemoApplicationIT::isRunning);
		await().atMost(RESTART_TIMEOUT).untilAsserted(() -> {
			JsonNode facts = this.demo.get("/facts").json();
			JsonNode ledger = facts.path("consumers").path("ledger");
			assertThat(ledger.path("next").asLong()).isEqualTo(facts.path("size").asLong());
			assertThat(ledger.path("skipped").asLong()).isEqualTo(1);
		});
		await().atMost(RESTART_TIMEOUT).until(() -> this.demo.get("/actuator/health").status() == 200);
	}

	private List<String> bucketNames() {
		List<String> names = new ArrayList<>();
		this.demo.get("/kv/buckets").json().path("buckets").values().forEach((name) -> names.add(name.asString()));
		return names;
	}

	private JsonNode awaitNode(String path, Predicate<JsonNode> condition) {
		return await("node " + path).atMost(RESTART_TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.demo.node(path), condition);
	}

	private static boolean isRunning(JsonNode node) {
		return node.path("state").asString().equals("running");
	}

	private static Map<String, Integer> once(List<String> ids) {
		Map<String, Integer> once = new HashMap<>();
		ids.forEach((id) -> once.put(id, 1));
		return once;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> declaredTrees() throws IOException {
		try (InputStream yaml = DemoApplicationIT.class.getResourceAsStream("/application.yml")) {
			Map<String, Object> root = (Map<String, Object>) withDefaults(new Yaml().load(yaml));
			return (Map<String, Map<String, Object>>) ((Map<String, Object>) root.get("supervision")).get("trees");
		}
	}

	/** The YAML with each "${name:default}" placeholder replaced by its default, as the demo runs without them set. */
	private static Object withDefaults(Object yaml) {
		if (yaml instanceof Map<?, ?> map) {
			Map<String, Object> resolved = new java.util.LinkedHashMap<>();
			map.forEach((key, value) -> resolved.put((String) key, withDefaults(value)));
			return resolved;
		}
		if (yaml instanceof List<?> list) {
			return list.stream().map(DemoApplicationIT::withDefaults).toList();
		}
		if (yaml instanceof String text && text.startsWith("${") && text.endsWith("}") && text.contains(":")) {
			String value = text.substring(text.indexOf(':') + 1, text.length() - 1);
			return value.matches("\\d+") ? (Object) Integer.valueOf(value) : value;
		}
		return yaml;
	}

	/**
	 * Asserts that a node of the endpoint is what application.yml declares, with the
	 * defaults the starter documents, and that it runs its first incarnation.
	 */
	@SuppressWarnings("unchecked")
	private static void assertMatches(JsonNode node, Map<String, Object> declared, String path, boolean root) {
		// The endpoint spells a node's type as the YAML's 'type' does.
		String type = declared.containsKey("children") ? "supervisor"
				: ("dynamic".equals(declared.get("type")) || declared.containsKey("template")) ? "dynamic"
						: BEAN_TYPES.get((String) declared.get("bean"));
		boolean supervisor = type.equals("supervisor") || type.equals("dynamic");
		assertThat(node.path("path").asString()).isEqualTo(path);
		assertThat(node.path("id").asString()).isEqualTo(path.substring(path.lastIndexOf('/') + 1));
		assertThat(node.path("type").asString()).as(path).isEqualTo(type);
		assertThat(node.path("state").asString()).as(path).isEqualTo("running");
		assertThat(node.path("incarnation").asLong()).as(path).isEqualTo(1);
		if (root) {
			assertThat(node.path("restart").isMissingNode()).as(path + " restart").isTrue();
		}
		else {
			assertThat(node.path("restart").asString()).as(path)
				.isEqualTo(declared.getOrDefault("restart", "permanent"));
			assertThat(node.path("shutdown").asString()).as(path)
				.isEqualTo(declared.getOrDefault("shutdown", supervisor ? "infinity" : "5s"));
			assertThat(node.path("significant").asBoolean()).as(path)
				.isEqualTo(declared.getOrDefault("significant", false));
		}
		if (!supervisor) {
			return;
		}
		JsonNode view = node.path("supervisor");
		assertThat(view.path("intensity").asInt()).as(path).isEqualTo(declared.getOrDefault("intensity", 3));
		assertThat(DurationStyle.detectAndParse(view.path("period").asString())).as(path)
			.isEqualTo(DurationStyle.detectAndParse((String) declared.getOrDefault("period", "5s")));
		List<String> childIds = new ArrayList<>();
		node.path("children").values().forEach((child) -> childIds.add(child.path("id").asString()));
		if (type.equals("dynamic")) {
			assertThat(view.path("strategy").isMissingNode()).as(path + " strategy").isTrue();
			assertThat(view.path("maxChildren").asInt()).as(path).isEqualTo(declared.get("max-children"));
			assertThat(view.path("totalChildren").asInt()).as(path).isZero();
			assertThat(childIds).as(path).isEmpty();
			return;
		}
		assertThat(view.path("strategy").asString()).as(path)
			.isEqualTo(declared.getOrDefault("strategy", "one-for-one"));
		List<Map<String, Object>> children = (List<Map<String, Object>>) declared.get("children");
		assertThat(childIds).as(path)
			.containsExactlyElementsOf(children.stream().map((child) -> (String) child.get("id")).toList());
		for (int i = 0; i < children.size(); i++) {
			Map<String, Object> child = children.get(i);
			assertMatches(node.path("children").get(i), child, path + "/" + child.get("id"), false);
		}
	}

}
