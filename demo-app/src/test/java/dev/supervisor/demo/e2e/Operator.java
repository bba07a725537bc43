package dev.supervisor.demo.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator and a client do to a running demo, over HTTP: actions on the tree,
 * crashes through the chaos endpoint, messages to a chosen producer, and waiting for what
 * follows.
 */
final class Operator {

	static final Duration TIMEOUT = Duration.ofSeconds(60);

	/** The producers under ingest/producers, in order: a message's key picks one by its hash. */
	private static final List<String> PRODUCERS = List.of("p-0", "p-1", "p-2");

	private final DemoProcess demo;

	Operator(DemoProcess demo) {
		this.demo = demo;
	}

	/** An operator's action on a node, answered 200. */
	JsonNode act(String path, String action) {
		DemoProcess.Response response = request(path, action);
		assertThat(response.status()).as("%s of %s: %s", action, path, response.body()).isEqualTo(200);
		return response.json();
	}

	/** An operator's action on a node, whatever its answer. */
	DemoProcess.Response request(String path, String action) {
		return this.demo.postJson("/actuator/supervision/" + path, "{\"action\":\"" + action + "\"}");
	}

	/** Crashes a running child through the chaos endpoint. */
	void crash(String path) {
		DemoProcess.Response response = this.demo.post("/chaos/crash/" + path);
		assertThat(response.status()).as("crash of %s: %s", path, response.body()).isEqualTo(200);
	}

	/**
	 * Crashes a child each time it runs again, until its supervisor's intensity is reached and
	 * its restart is delayed (delay-on-max-intensity).
	 * @return the node, with its restart delayed
	 */
	JsonNode crashUntilDelayed(String path) {
		return crashUntilDelayed(path, 12);
	}

	/**
	 * Crashes a child each time it runs again, at most a number of times, until its restart is
	 * delayed.
	 * @return the node, with its restart delayed
	 * @throws AssertionError if it was not delayed after that many crashes
	 */
	JsonNode crashUntilDelayed(String path, int maxCrashes) {
		for (int crashes = 0; crashes < maxCrashes; crashes++) {
			JsonNode node = awaitNode(path, (n) -> isRunning(n) || isDelayed(n));
			if (isDelayed(node)) {
				return node;
			}
			DemoProcess.Response response = this.demo.post("/chaos/crash/" + path);
			if (response.status() == 409) {
				// It was restarting meanwhile: look again.
				continue;
			}
			assertThat(response.status()).as("crash of %s: %s", path, response.body()).isEqualTo(200);
			long incarnation = node.path("incarnation").asLong();
			awaitNode(path, (n) -> n.path("incarnation").asLong() > incarnation || isDelayed(n));
		}
		throw new AssertionError("the restart of " + path + " was never delayed: " + this.demo.node(path));
	}

	/** Whether the node waits on a restart its supervisor delayed because its intensity was reached. */
	static boolean isDelayed(JsonNode node) {
		return node.path("state").asString().equals("delayed");
	}

	static boolean isRunning(JsonNode node) {
		return node.path("state").asString().equals("running");
	}

	/** Waits until the node satisfies the condition. */
	JsonNode awaitNode(String path, Predicate<JsonNode> condition) {
		AtomicReference<JsonNode> last = new AtomicReference<>();
		await("node " + path).atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
			last.set(this.demo.node(path));
			return condition.test(last.get());
		});
		return last.get();
	}

	/**
	 * Posts messages that all go to one producer, each answered 202.
	 * @param producer e.g. {@code p-0}
	 * @param count how many
	 * @return their ids
	 */
	List<String> publish(String producer, int count) {
		String key = keyOf(producer);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			DemoProcess.Response response = this.demo.postJson("/messages",
					"{\"key\":\"" + key + "\",\"payload\":\"to " + producer + " " + i + "\"}");
			assertThat(response.status()).as(response.body()).isEqualTo(202);
			assertThat(response.json().path("producer").asString()).isEqualTo("ingest/producers/" + producer);
			ids.add(response.json().path("id").asString());
		}
		return ids;
	}

	/** A key the demo routes to the producer (Producers: the key's hash, modulo the producers). */
	static String keyOf(String producer) {
		int index = PRODUCERS.indexOf(producer);
		for (int i = 0;; i++) {
			String key = "key-" + i;
			if (Math.floorMod(key.hashCode(), PRODUCERS.size()) == index) {
				return key;
			}
		}
	}

	/** How many times each message id is in the journal. */
	Map<String, Integer> journal() {
		try {
			return JournalContents.idCounts(this.demo.journalDirectory());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits until every message is in the journal, and checks that each is there once. */
	void awaitInJournalOnce(List<String> ids) {
		await("accepted messages in the journal").atMost(TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> JournalContents.idCounts(this.demo.journalDirectory()).keySet().containsAll(ids));
		Map<String, Integer> counts = journal();
		assertThat(ids).allSatisfy((id) -> assertThat(counts.get(id)).as("times %s is in the journal", id).isEqualTo(1));
	}

}
