package dev.supervisor.spring.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import dev.supervisor.ChildState;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.actuate.OperatedApp.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #9 over HTTP on a real server: the endpoint's answers on a restarting child (item 2), the
 * kill action (item 3), a restart that waits for an abandoned incarnation of a singleton (item 8),
 * and the children gauges against the endpoint (item 9).
 */
class OperatingFaultsWebIntegrationTests {

	private static final String[] TREES = {
			// ops/a backs off for a minute after a crash
			"supervision.trees.ops.children[0].backoff.initial=1m", "supervision.trees.ops.children[0].backoff.max=1m",
			// writer/w: the singleton Runnable, shutdown 500ms, whose final write ignores interrupts
			"supervision.trees.writer.children[0].id=w", "supervision.trees.writer.children[0].bean=stubbornWriter",
			"supervision.trees.writer.children[0].shutdown=500ms",
			// nest: a root, a nested static supervisor and a dynamic one below it
			"supervision.trees.nest.children[0].id=sub", "supervision.trees.nest.children[0].children[0].id=x",
			"supervision.trees.nest.children[0].children[0].bean=crashable",
			"supervision.trees.nest.children[0].children[1].id=y",
			"supervision.trees.nest.children[0].children[1].bean=crashable",
			"supervision.trees.nest.children[0].children[2].id=dyn",
			"supervision.trees.nest.children[0].children[2].type=dynamic",
			"supervision.trees.nest.children[0].children[2].template.bean=crashable",
			"supervision.trees.nest.children[0].children[2].template.restart=temporary",
			"supervision.trees.nest.children[1].id=z", "supervision.trees.nest.children[1].bean=crashable",
			// down: gives up at the first crash and stays down (the input of item 7)
			"supervision.trees.down.intensity=0", "supervision.trees.down.children[0].id=conn",
			"supervision.trees.down.children[0].bean=crashable", "supervision.handles.wait-timeout=5s" };

	private ConfigurableApplicationContext context;

	private Http http;

	@BeforeEach
	void start() {
		this.context = OperatedApp.run(TREES);
		this.http = Http.of(this.context);
	}

	@AfterEach
	void stop() {
		this.context.getBean(StubbornWriter.class).finalWrite.countDown();
		this.context.close();
	}

	@Test
	void deleteOfAChildWhoseRestartIsPendingIsAConflictThatSaysToTerminateFirst() throws Exception {
		Crashable.crash("ops/a");
		SupervisionRegistry registry = this.context.getBean(SupervisionRegistry.class);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> registry.find("ops/a").orElseThrow().state() == ChildState.RESTARTING);
		HttpResponse<String> delete = this.http.post("/actuator/supervision/ops/a", "{\"action\": \"delete\"}");
		assertThat(delete.statusCode()).isEqualTo(409);
		assertThat(JsonPath.<String>read(delete.body(), "$.message")).contains("restarting").contains("terminate it first");
		assertThat(registry.find("ops/a")).as("a refused request changes nothing").isPresent();
		HttpResponse<String> terminate = this.http.post("/actuator/supervision/ops/a", "{\"action\": \"terminate\"}");
		assertThat(terminate.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(terminate.body(), "$.state")).isEqualTo("stopped");
		assertThat(this.http.post("/actuator/supervision/ops/a", "{\"action\": \"delete\"}").statusCode()).isEqualTo(200);
		assertThat(registry.find("ops/a")).isEmpty();
	}

	@Test
	void killKillsAChildAtOnceAndItsSupervisorRestartsIt() throws Exception {
		HttpResponse<String> kill = this.http.post("/actuator/supervision/nest/sub/x", "{\"action\": \"kill\"}");
		assertThat(kill.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<Integer>read(kill.body(), "$.incarnation")).isEqualTo(2);
		assertThat(JsonPath.<String>read(kill.body(), "$.state")).isEqualTo("running");
		assertThat(JsonPath.<String>read(kill.body(), "$.lastExit.reason")).isEqualTo("killed");
		assertThat(JsonPath.<String>read(kill.body(), "$.lastExit.detail")).isEqualTo("killed by operator");
		assertThat(this.http.post("/actuator/supervision/nest", "{\"action\": \"kill\"}").statusCode())
			.as("a root tree is terminated, not killed").isEqualTo(409);
		this.http.post("/actuator/supervision/nest/z", "{\"action\": \"terminate\"}");
		HttpResponse<String> notRunning = this.http.post("/actuator/supervision/nest/z", "{\"action\": \"kill\"}");
		assertThat(notRunning.statusCode()).isEqualTo(409);
		assertThat(JsonPath.<String>read(notRunning.body(), "$.message")).contains("not running");
	}

	/** The input: a restart of a singleton whose abandoned thread is still inside it. */
	@Test
	void restartOfASingletonIsAcceptedButWaitsUntilItsAbandonedIncarnationHasLeftTheInstance() throws Exception {
		StubbornWriter writer = this.context.getBean(StubbornWriter.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> writer.runs.get() == 1);
		HttpResponse<String> restart = this.http.post("/actuator/supervision/writer/w", "{\"action\": \"restart\"}");
		assertThat(restart.statusCode()).as(restart.body()).isEqualTo(202);
		assertThat(JsonPath.<String>read(restart.body(), "$.state")).isEqualTo("restarting");
		assertThat(JsonPath.<Integer>read(restart.body(), "$.incarnation")).isEqualTo(1);
		assertThat(JsonPath.<Boolean>read(restart.body(), "$.restartPending")).isTrue();
		assertThat(JsonPath.<Integer>read(restart.body(), "$.abandoned[0].incarnation")).isEqualTo(1);
		assertThat(JsonPath.<String>read(restart.body(), "$.abandoned[0].thread")).isEqualTo("writer/w#1");
		HttpResponse<String> tree = this.http.get("/actuator/supervision/writer");
		assertThat(JsonPath.<Integer>read(tree.body(), "$.supervisor.abandonedAlive")).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.http.get("/actuator/prometheus").body())
			.contains("supervision_abandoned{supervisor=\"writer\",tree=\"writer\"} 1.0"));
		assertThat(writer.runs.get()).as("no second thread in the singleton").isEqualTo(1);

		writer.finalWrite.countDown();
		SupervisionRegistry registry = this.context.getBean(SupervisionRegistry.class);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> registry.find("writer/w").orElseThrow().state() == ChildState.RUNNING);
		assertThat(registry.find("writer/w").orElseThrow().incarnation()).isEqualTo(2);
		assertThat(registry.find("writer/w").orElseThrow().abandoned()).isEmpty();
		assertThat(writer.mostInside.get()).as("threads inside the singleton at once").isEqualTo(1);
	}

	@Test
	void everyChildrenGaugeEqualsWhatTheEndpointShowsForARootANestedStaticAndADynamicSupervisor() throws Exception {
		SupervisionRegistry registry = this.context.getBean(SupervisionRegistry.class);
		for (int i = 0; i < 3; i++) {
			registry.supervisor("nest/sub/dyn").startDynamicChild("d" + i, null);
		}
		registry.supervisor("nest/sub").terminateChild("y");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String scrape = this.http.get("/actuator/prometheus").body();
			for (String supervisor : List.of("nest", "nest/sub", "nest/sub/dyn")) {
				String node = this.http.get("/actuator/supervision/" + supervisor).body();
				Map<String, Integer> shown = JsonPath.read(node, "$.supervisor.childrenByState");
				for (ChildState state : ChildState.values()) {
					String name = state.name().toLowerCase(java.util.Locale.ROOT);
					assertThat(gauge(scrape, supervisor, name)).as("%s %s", supervisor, name)
						.isEqualTo(shown.getOrDefault(name, 0).doubleValue());
				}
			}
		});
		// The figures themselves, so equal zeros could not pass.
		String scrape = this.http.get("/actuator/prometheus").body();
		assertThat(gauge(scrape, "nest", "running")).isEqualTo(2.0);
		assertThat(gauge(scrape, "nest/sub", "running")).isEqualTo(2.0);
		assertThat(gauge(scrape, "nest/sub", "stopped")).isEqualTo(1.0);
		assertThat(gauge(scrape, "nest/sub/dyn", "running")).isEqualTo(3.0);
	}

	@Test
	void aCallToAChildOfATreeThatIsDownAnswers503WithProblemDetailsAtOnce() throws Exception {
		assertThat(this.http.get("/children/down/conn").statusCode()).isEqualTo(200);
		Crashable.crash("down/conn");
		SupervisionRegistry registry = this.context.getBean(SupervisionRegistry.class);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> registry.tree("down").orElseThrow().state() == ChildState.FAILED);
		long start = System.nanoTime();
		HttpResponse<String> response = this.http.get("/children/down/conn");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the 5s wait").isLessThan(Duration.ofSeconds(3));
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.headers().firstValue("Retry-After")).as("nothing will restart it").isEmpty();
		assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(503);
		assertThat(JsonPath.<String>read(response.body(), "$.title")).isEqualTo("Supervised child unavailable");
		assertThat(JsonPath.<String>read(response.body(), "$.detail")).contains("'down/conn'").contains("failed");
		assertThat(JsonPath.<String>read(response.body(), "$.path")).isEqualTo("down/conn");
		assertThat(JsonPath.<String>read(response.body(), "$.state")).startsWith("failed");
		assertThat(JsonPath.<Boolean>read(response.body(), "$.restartPending")).isFalse();
		assertThat(JsonPath.<String>read(response.body(), "$.instance")).isEqualTo("/children/down/conn");
	}

	@Test
	void aCallToAChildWhoseRestartIsPendingAnswers503WithRetryAfterOnceItsWaitIsOver() throws Exception {
		Crashable.crash("ops/a");
		SupervisionRegistry registry = this.context.getBean(SupervisionRegistry.class);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> registry.find("ops/a").orElseThrow().state() == ChildState.RESTARTING);
		HttpResponse<String> response = this.http.get("/children/ops/a");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(JsonPath.<Boolean>read(response.body(), "$.restartPending")).isTrue();
		assertThat(JsonPath.<String>read(response.body(), "$.detail")).contains("within 5000ms");
		// The backoff is a minute: the client is told to come back when the restart is due.
		assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
				(seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
	}

	private static double gauge(String scrape, String supervisor, String state) {
		Matcher matcher = Pattern.compile("supervision_children\\{state=\"" + state + "\",supervisor=\""
				+ Pattern.quote(supervisor) + "\",tree=\"[^\"]+\"} (\\S+)").matcher(scrape);
		assertThat(matcher.find()).as("gauge %s %s in%n%s", supervisor, state, scrape).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

}
