package dev.supervisor.demo.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/** Random crashes, operator actions, outages and flaps, one at a time. */
final class ChaosMonkey {

	static final List<String> CRASHABLE = List.of("ingest/client", "ingest/producers/p-0",
			"ingest/producers/p-1", "ingest/producers/p-2", "kv/registry", "facts/consumers/ledger",
			"facts/consumers/audit");

	static final List<String> RESTARTABLE = List.of("ingest/client", "ingest/producers/p-0",
			"ingest/producers/p-1", "ingest/producers/p-2", "ingest/producers", "kv/registry", "kv/buckets", "ingest",
			"kv");

	static final List<String> TERMINABLE = List.of("ingest/client", "ingest/producers/p-0",
			"ingest/producers/p-1", "ingest/producers/p-2", "kv/buckets");

	static final List<String> TREES = List.of("kv", "ingest", "facts");

	private final DemoProcess demo;

	private final Operator operator;

	private final Random random;

	private final Set<String> terminated = new HashSet<>();

	private final List<String> buckets = List.of("b0", "b1", "b2", "b3", "b4", "b5");

	final AtomicInteger actions = new AtomicInteger();

	final Map<String, AtomicInteger> done = new ConcurrentHashMap<>();

	final List<String> unexpected = new CopyOnWriteArrayList<>();

	final AtomicBoolean busy = new AtomicBoolean();

	private boolean poisoned;

	ChaosMonkey(DemoProcess demo, Operator operator, Random random) {
		this.demo = demo;
		this.operator = operator;
		this.random = random;
	}

	void step() {
		this.busy.set(true);
		try {
			int dice = this.random.nextInt(100);
			if (dice < 25) {
				crash(pick(CRASHABLE));
			}
			else if (dice < 37) {
				String path = pick(RESTARTABLE);
				if (!act(path, "restart") && !Operator.isRunning(this.demo.node(path))) {
					// A restart whose start failed (a broker outage) leaves the child down, as OTP's
					// restart_child does: the operator starts it again when healing.
					this.terminated.add(path);
				}
			}
			else if (dice < 45) {
				String path = pick(TERMINABLE);
				if (act(path, "terminate")) {
					this.terminated.add(path);
				}
			}
			else if (dice < 53) {
				outage(Duration.ofMillis(500 + this.random.nextInt(2500)));
			}
			else if (dice < 57) {
				delayClient();
			}
			else if (dice < 61) {
				poison();
			}
			else if (dice < 78) {
				buckets();
			}
			else {
				heal();
			}
			this.actions.incrementAndGet();
		}
		catch (RuntimeException | AssertionError ex) {
			this.unexpected.add("chaos step failed: " + ex);
		}
		finally {
			this.busy.set(false);
		}
	}

	private void crash(String path) {
		expect("crash " + path, this.demo.post("/chaos/crash/" + path), 200, 404, 409);
	}

	private boolean act(String path, String action) {
		DemoProcess.Response response = this.operator.request(path, action);
		expect(action + " " + path, response, 200, 202, 404, 409);
		return response.status() == 200;
	}

	private void outage(Duration duration) {
		expect("broker outage", this.demo.post("/chaos/broker-outage?duration=" + duration.toMillis() + "ms"), 200);
	}

	/** Crashes the client until its restart is delayed, as far as it can within a few seconds. */
	private void delayClient() {
		for (int i = 0; i < 5; i++) {
			JsonNode client = this.demo.node("ingest/client");
			if (Operator.isDelayed(client)) {
				break;
			}
			if (Operator.isRunning(client)) {
				crash("ingest/client");
			}
			long incarnation = client.path("incarnation").asLong();
			try {
				await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
					JsonNode now = this.demo.node("ingest/client");
					return now.path("incarnation").asLong() > incarnation && Operator.isRunning(now)
							|| Operator.isDelayed(now);
				});
			}
			catch (ConditionTimeoutException ex) {
				// Restarting slowly (a broker outage, a backoff): move on.
				return;
			}
		}
		count("delayed client");
	}

	private void poison() {
		if (this.poisoned) {
			return;
		}
		expect("poison fact", this.demo.post("/chaos/poison-fact"), 200);
		this.poisoned = true;
	}

	private void buckets() {
		String bucket = pick(this.buckets);
		switch (this.random.nextInt(3)) {
			case 0 -> expect("create " + bucket, this.demo.post("/kv/buckets/" + bucket), 200, 201, 409, 503);
			case 1 -> expect("put in " + bucket, this.demo.putText("/kv/buckets/" + bucket + "/k", "v"), 200, 404,
					503);
			default -> crash("kv/buckets/" + bucket);
		}
	}

	/** Brings every tree and terminated child back, and drops a poison fact. */
	void heal() {
		if (this.poisoned) {
			expect("drop the poison", this.demo.delete("/facts/poison"), 200);
			this.poisoned = false;
		}
		for (String tree : TREES) {
			if (this.demo.node(tree).path("state").asString().equals("failed")) {
				act(tree, "restart");
			}
		}
		for (String path : new ArrayList<>(this.terminated)) {
			DemoProcess.Response response = this.operator.request(path, "start");
			expect("start " + path, response, 200, 404, 409);
			// Healed once it runs or is gone; a start can fail during a broker outage (a 409
			// start-failed, seen in CI), and the child then stays down until started again.
			if (response.status() == 200 || response.status() == 404 || Operator.isRunning(this.demo.node(path))) {
				this.terminated.remove(path);
			}
		}
		count("heal");
	}

	/** Whether every tree and every node of ingest runs, and the broker takes connections. */
	boolean healed() {
		heal();
		for (String tree : TREES) {
			JsonNode root = this.demo.node(tree);
			if (!allRunning(root)) {
				return false;
			}
		}
		return true;
	}

	private static boolean allRunning(JsonNode node) {
		if (!Operator.isRunning(node)) {
			return false;
		}
		for (JsonNode child : node.path("children").values()) {
			if (!child.path("type").asString().equals("dynamic") && !allRunning(child)) {
				return false;
			}
		}
		return true;
	}

	private void expect(String what, DemoProcess.Response response, int... statuses) {
		for (int status : statuses) {
			if (response.status() == status) {
				count(what.replaceAll(" .*", "") + " " + status);
				return;
			}
		}
		this.unexpected.add(what + ": " + response.status() + " " + response.body());
	}

	private void count(String what) {
		this.done.computeIfAbsent(what, (key) -> new AtomicInteger()).incrementAndGet();
	}

	private <T> T pick(List<T> list) {
		return list.get(this.random.nextInt(list.size()));
	}

	@Override
	public String toString() {
		return new LinkedHashMap<>(this.done).toString();
	}

}
