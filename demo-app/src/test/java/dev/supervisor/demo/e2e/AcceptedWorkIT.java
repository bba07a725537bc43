package dev.supervisor.demo.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing accepted is lost, whatever state the {@code ingest} tree is in when an operator
 * acts on it (issue 11, inputs 1 and 2): a crashed producer restarted by an operator while
 * the client is down, a producer terminated while the client is down, the tree restarted
 * while the client waits on a delayed restart. One demo process, the tests in order, each
 * leaving the tree running; producers stop within 3 s and the client's delayed restart
 * waits 30 s, so that the operator's actions always find the client still down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AcceptedWorkIT {

	private static final Duration TIMEOUT = Operator.TIMEOUT;

	private DemoProcess demo;

	private Operator operator;

	@BeforeAll
	void startDemo() throws Exception {
		this.demo = DemoProcess.start("accepted-work", "--demo.ingest.producer-shutdown=3s",
				"--demo.ingest.client-restart-delay=30s");
		this.operator = new Operator(this.demo);
	}

	@AfterAll
	void stopDemo() {
		if (this.demo != null) {
			this.demo.close();
		}
	}

	@Test
	@Order(1)
	void aCrashedProducerRestartedByAnOperatorSendsEveryAcceptedMessageOnceTheClientIsBack() throws Exception {
		// Issue 11, input 1.
		this.operator.act("ingest/client", "terminate");
		List<String> accepted = this.operator.publish("p-0", 20);
		long incarnation = this.demo.node("ingest/producers/p-0").path("incarnation").asLong();
		this.operator.crash("ingest/producers/p-0");
		this.operator.awaitNode("ingest/producers/p-0",
				(node) -> node.path("incarnation").asLong() > incarnation && Operator.isRunning(node));
		CompletableFuture<DemoProcess.Response> restart = CompletableFuture
			.supplyAsync(() -> this.operator.request("ingest/producers/p-0", "restart"));
		// The producer is asked to stop, and goes on sending while its shutdown lasts.
		this.operator.awaitNode("ingest/producers/p-0", (node) -> node.path("state").asString().equals("stopping"));
		this.operator.act("ingest/client", "start");
		DemoProcess.Response restarted = restart.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(restarted.status()).as(restarted.body()).isEqualTo(200);
		this.operator.awaitInJournalOnce(accepted);
		JsonNode producer = this.demo.node("ingest/producers/p-0");
		assertThat(producer.path("lastExit").path("reason").asString()).as("p-0 was stopped, not abandoned")
			.isEqualTo("shutdown");
		assertThat(this.demo.logText()).doesNotContain("stopped waiting (killed)")
			.doesNotContain("path=ingest/producers/p-0 reason=killed");
	}

	@Test
	@Order(2)
	void aProducerTerminatedByAnOperatorGoesOnSendingUntilTheClientIsBack() throws Exception {
		this.operator.act("ingest/client", "terminate");
		List<String> accepted = this.operator.publish("p-1", 10);
		CompletableFuture<DemoProcess.Response> terminate = CompletableFuture
			.supplyAsync(() -> this.operator.request("ingest/producers/p-1", "terminate"));
		this.operator.awaitNode("ingest/producers/p-1", (node) -> node.path("state").asString().equals("stopping"));
		this.operator.act("ingest/client", "start");
		assertThat(terminate.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
		this.operator.awaitInJournalOnce(accepted);
		assertThat(this.demo.node("ingest/producers/p-1").path("lastExit").path("reason").asString())
			.isEqualTo("shutdown");
		this.operator.act("ingest/producers/p-1", "start");
	}

	@Test
	@Order(3)
	void messagesAcceptedWhileTheirProducerIsStoppedAreSentWhenItRunsAgain() {
		// Acceptance depends on the spool only: a producer that is not running is no refusal.
		this.operator.act("ingest/producers/p-2", "terminate");
		List<String> accepted = this.operator.publish("p-2", 10);
		assertThat(this.operator.journal()).doesNotContainKeys(accepted.toArray(String[]::new));
		this.operator.act("ingest/producers/p-2", "start");
		this.operator.awaitInJournalOnce(accepted);
	}

	@Test
	@Order(4)
	void anOperatorRestartingTheTreeWhileTheClientWaitsOnADelayedRestartCostsNoAcceptedMessage() throws Exception {
		// Issue 11, input 2, the operator's variant: the restart of ingest drops the client's
		// pending restart (as OTP does); the producers cannot send, are abandoned after their
		// shutdown, and the tree's next incarnation sends what they kept in the spools.
		JsonNode client = this.operator.crashUntilDelayed("ingest/client");
		// Issue 11, input 4: the delayed restart is shown as what it is, and the running
		// supervisor never shows more restarts in its window than its intensity.
		assertThat(client.path("nextRestartAt").asString()).isNotEmpty();
		JsonNode ingest = this.demo.node("ingest");
		assertThat(ingest.path("state").asString()).isEqualTo("running");
		assertThat(ingest.path("supervisor").path("restartsInWindow").asInt())
			.isLessThanOrEqualTo(ingest.path("supervisor").path("intensity").asInt());
		assertThat(ingest.path("supervisor").path("restartsDelayed").asInt()).isPositive();
		assertThat(ingest.path("supervisor").path("childrenByState").path("delayed").asInt()).isEqualTo(1);
		List<String> accepted = new ArrayList<>();
		for (String producer : List.of("p-0", "p-1", "p-2")) {
			accepted.addAll(this.operator.publish(producer, 30));
		}
		Instant asked = Instant.now();
		CompletableFuture<DemoProcess.Response> restart = CompletableFuture
			.supplyAsync(() -> this.operator.request("ingest", "restart"));
		JsonNode stopping = this.operator.awaitNode("ingest", (node) -> node.path("state").asString().equals("stopping"));
		// Issue 11, input 4: a stopping root says since when it is stopping, not since when it ran.
		assertThat(Instant.parse(stopping.path("since").asString())).isAfterOrEqualTo(asked.minusSeconds(1));
		assertThat(restart.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
		this.operator.awaitInJournalOnce(accepted);
		assertThat(this.demo.logText()).contains("stopped waiting (killed) before it could send");
	}

}
