package dev.supervisor.demo.e2e;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import tools.jackson.databind.JsonNode;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo's {@code kafka} profile in real processes, on a real Kafka broker that outlives
 * them (an in-process KRaft broker in this test's JVM): SIGTERM under load, then a restart,
 * and every message that got a 202 is in the journal, written by the consumer, at least
 * once; the duplicates are counted and reported. Then a poison record crashes the
 * consumer, which is restarted after its backoff.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "Process.destroy() is not SIGTERM on Windows")
class KafkaShutdownUnderLoadIT {

	/** spring.lifecycle.timeout-per-shutdown-phase of the kafka profile. */
	private static final Duration SHUTDOWN_BUDGET = Duration.ofSeconds(45);

	private static final int SIGTERM_EXIT_STATUS = 143;

	private static final int CLIENTS = 4;

	private static EmbeddedKafkaKraftBroker broker;

	private DemoProcess first;

	private DemoProcess second;

	private ExecutorService clients;

	@BeforeAll
	static void startBroker() {
		broker = new EmbeddedKafkaKraftBroker(1, 3, "ingest");
		broker.brokerListProperty("demo.test.kafka.brokers");
		broker.afterPropertiesSet();
	}

	@AfterAll
	static void stopBroker() {
		if (broker != null) {
			broker.destroy();
		}
	}

	@AfterEach
	void cleanUp() throws InterruptedException {
		if (this.clients != null) {
			this.clients.shutdownNow();
			this.clients.awaitTermination(30, TimeUnit.SECONDS);
		}
		if (this.first != null) {
			this.first.close();
		}
		if (this.second != null) {
			this.second.close();
		}
	}

	private String[] kafka(String... more) {
		List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=kafka", "--demo.kafka.embedded=false",
				"--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString()));
		arguments.addAll(List.of(more));
		return arguments.toArray(String[]::new);
	}

	@Test
	void sigtermUnderLoadThenARestartLeaveEveryAcceptedMessageInTheJournalAtLeastOnce() throws Exception {
		// A slow consumer, so records wait in Kafka when SIGTERM comes.
		this.first = DemoProcess.start("kafka-shutdown-under-load", kafka("--demo.kafka.consumer-delay=2ms"));
		ShutdownUnderLoadIT.Load load = new ShutdownUnderLoadIT.Load(this.first);
		this.clients = Executors.newFixedThreadPool(CLIENTS);
		List<Future<?>> running = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			int client = i;
			running.add(this.clients.submit(() -> load.run(client)));
		}
		await("messages accepted under load").atMost(Duration.ofSeconds(60))
			.until(() -> load.accepted.size() >= 1500);

		long sigterm = System.nanoTime();
		load.sigtermSent.set(true);
		this.first.sigterm();
		boolean exited = this.first.awaitExit(SHUTDOWN_BUDGET);
		Duration took = Duration.ofNanos(System.nanoTime() - sigterm);
		assertThat(exited).as("the demo exits by itself within %s of SIGTERM; see %s", SHUTDOWN_BUDGET,
				this.first.log())
			.isTrue();
		assertThat(this.first.exitValue()).as("exit status after SIGTERM (%s to stop)", took)
			.isEqualTo(SIGTERM_EXIT_STATUS);
		load.stop.set(true);
		for (Future<?> client : running) {
			client.get(30, TimeUnit.SECONDS);
		}
		assertThat(load.unexpected).as("responses before SIGTERM other than 202 and a full backlog's 503").isEmpty();
		SupervisionLogLines lines = new SupervisionLogLines(this.first.logLines());
		// The consumer stops first, then the producers flush their backlogs into Kafka, then
		// the client: nothing is killed.
		assertThat(lines.childrenByParent("stopped").get("ingest")).containsExactly("ingest/consumers",
				"ingest/producers", "ingest/client");
		assertThat(lines.stopped()).allSatisfy((line) -> assertThat(line.reason()).isEqualTo("shutdown"));
		int inJournalAtSigterm = JournalContents.idCounts(this.first.journalDirectory()).size();

		// The next run consumes what the first left in Kafka, from the offsets it committed.
		this.second = DemoProcess.start("kafka-restart", this.first.journalDirectory(), kafka());
		await("every accepted message in the journal").atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> JournalContents.idCounts(this.first.journalDirectory()).keySet().containsAll(load.accepted));
		Map<String, Integer> journal = JournalContents.idCounts(this.first.journalDirectory());
		long duplicates = journal.values().stream().filter((count) -> count > 1).mapToLong((count) -> count - 1).sum();
		System.out.printf("kafka profile: %d accepted (202); %d in the journal at SIGTERM (%s to stop), %d after the "
				+ "restart; %d duplicates%n", load.accepted.size(), inJournalAtSigterm, took, journal.size(), duplicates);
		assertThat(inJournalAtSigterm).as("records left in Kafka at SIGTERM, for the restart")
			.isLessThan(load.accepted.size());
		// Graceful stops commit the offsets of every record written: no duplicate.
		assertThat(duplicates).as("messages written to the journal more than once").isZero();

		// A poison record: the consumer crashes, and is restarted after its backoff (1s).
		assertThat(this.second.post("/chaos/poison-record").status()).isEqualTo(200);
		await("the consumer restarted after crashing on the poison record").atMost(Duration.ofSeconds(30))
			.until(() -> this.second.node("ingest/consumers/journal").path("incarnation").asInt() == 2
					&& this.second.node("ingest/consumers/journal").path("state").asString().equals("running"));
		JsonNode consumer = this.second.node("ingest/consumers/journal");
		assertThat(consumer.path("lastExit").path("reason").asString()).isEqualTo("crashed");
		// The reason is the exception's message: masked by the endpoint (show-details: never),
		// and in the log.
		assertThat(consumer.path("lastExit").path("exception").asString())
			.isEqualTo("dev.supervisor.spring.listener.ListenerContainerFailedException");
		// The new incarnation's consumer parks the poison record once it has polled it again: wait for
		// its log line rather than race it.
		await("the poison record parked by the new incarnation").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(this.second.logText())
				.contains("Kafka listener container 'ingest-journal' of supervised child 'ingest/consumers/journal#1' "
						+ "signalled ABNORMAL")
				.contains("event=restart-scheduled path=ingest/consumers/journal")
				.contains("parked in the dead letters"));
		assertThat(Files.readString(this.first.journalDirectory().resolve("dead-letters.txt"))).contains("poison");
	}

}
