package dev.supervisor.spring.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.jayway.jsonpath.JsonPath;
import dev.supervisor.ChildState;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.actuate.OperatedApp.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The endpoint, health and Prometheus over HTTP on a real server: the whole status table.
 */
class SupervisionEndpointWebIntegrationTests {

	private ConfigurableApplicationContext context;

	private Http http;

	@BeforeEach
	void start() {
		this.context = OperatedApp.run();
		this.http = Http.of(this.context);
	}

	@AfterEach
	void stop() {
		this.context.close();
	}

	@Test
	void statusTableOfTheEndpoint() throws Exception {
		HttpResponse<String> all = this.http.get("/actuator/supervision");
		assertThat(all.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(all.body(), "$.trees[0].path")).isEqualTo("ops");
		assertThat(JsonPath.<List<String>>read(all.body(), "$.trees[0].children[*].path")).containsExactly("ops/a",
				"ops/pool");
		assertThat(JsonPath.<String>read(all.body(), "$.trees[0].children[0].type")).isEqualTo("service");
		assertThat(JsonPath.<String>read(all.body(), "$.trees[0].children[0].shutdown")).isEqualTo("5s");
		assertThat(JsonPath.<String>read(all.body(), "$.trees[0].supervisor.period")).isEqualTo("1m");
		assertThat(this.http.get("/actuator/supervision/ops/a").statusCode()).isEqualTo(200);
		assertThat(this.http.get("/actuator/supervision/ops/nope").statusCode()).isEqualTo(404);
		assertThat(this.http.get("/actuator/supervision/nope").statusCode()).isEqualTo(404);
		assertThat(this.http.get("/actuator/supervision/ops?limit=100000").statusCode()).isEqualTo(400);

		HttpResponse<String> restart = this.http.post("/actuator/supervision/ops/a", "{\"action\": \"restart\"}");
		assertThat(restart.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<Integer>read(restart.body(), "$.incarnation")).isEqualTo(2);
		assertThat(JsonPath.<String>read(restart.body(), "$.state")).isEqualTo("running");

		HttpResponse<String> unknownAction = this.http.post("/actuator/supervision/ops/a", "{\"action\": \"explode\"}");
		assertThat(unknownAction.statusCode()).isEqualTo(400);
		assertThat(JsonPath.<String>read(unknownAction.body(), "$.message")).contains("restart", "terminate");
		assertThat(this.http.post("/actuator/supervision/ops/a", "{}").statusCode()).isEqualTo(400);
		assertThat(this.http.post("/actuator/supervision/ops/nope", "{\"action\": \"restart\"}").statusCode())
			.isEqualTo(404);
		HttpResponse<String> conflict = this.http.post("/actuator/supervision/ops/a", "{\"action\": \"start\"}");
		assertThat(conflict.statusCode()).isEqualTo(409);
		assertThat(JsonPath.<String>read(conflict.body(), "$.message")).contains("already running");
		assertThat(this.http.post("/actuator/supervision/ops/a", "{\"action\": \"delete\"}").statusCode()).isEqualTo(409);

		// None of the refused requests touched the tree.
		HttpResponse<String> after = this.http.get("/actuator/supervision/ops/a");
		assertThat(JsonPath.<Integer>read(after.body(), "$.incarnation")).isEqualTo(2);
		assertThat(JsonPath.<String>read(after.body(), "$.state")).isEqualTo("running");
	}

	@Test
	void terminateThenStartThenDeleteAChild() throws Exception {
		HttpResponse<String> terminated = this.http.post("/actuator/supervision/ops/a", "{\"action\": \"terminate\"}");
		assertThat(terminated.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(terminated.body(), "$.state")).isEqualTo("stopped");
		assertThat(JsonPath.<String>read(terminated.body(), "$.lastExit.reason")).isEqualTo("shutdown");
		assertThat(this.http.post("/actuator/supervision/ops/a", "{\"action\": \"start\"}").statusCode()).isEqualTo(200);
		this.http.post("/actuator/supervision/ops/a", "{\"action\": \"terminate\"}");
		HttpResponse<String> deleted = this.http.post("/actuator/supervision/ops/a", "{\"action\": \"delete\"}");
		assertThat(deleted.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(deleted.body(), "$.path")).as("the supervisor, without it").isEqualTo("ops");
		assertThat(JsonPath.<List<String>>read(deleted.body(), "$.children[*].id")).containsExactly("pool");
	}

	@Test
	void fiftyConcurrentRestartsOfOneChildAreAllAnsweredAndTheTreeEndsConsistent() throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(10);
		try {
			List<Callable<Integer>> requests = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				requests.add(() -> this.http.post("/actuator/supervision/ops/a", "{\"action\": \"restart\"}").statusCode());
			}
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> answer : clients.invokeAll(requests)) {
				statuses.add(answer.get());
			}
			assertThat(statuses).hasSize(50).allSatisfy((status) -> assertThat(status).isIn(200, 409));
			long restarted = statuses.stream().filter((status) -> status == 200).count();
			HttpResponse<String> node = this.http.get("/actuator/supervision/ops/a");
			assertThat(JsonPath.<String>read(node.body(), "$.state")).isEqualTo("running");
			assertThat(JsonPath.<Integer>read(node.body(), "$.incarnation")).isEqualTo((int) (1 + restarted));
		}
		finally {
			clients.shutdownNow();
		}
	}

	@Test
	void dynamicChildrenArePagedWithCountsByState() throws Exception {
		SupervisionRegistry registry = this.context.getBean(SupervisionRegistry.class);
		for (int i = 0; i < 30; i++) {
			registry.supervisor("ops/pool").startDynamicChild("w-" + i, null);
		}
		HttpResponse<String> page = this.http.get("/actuator/supervision/ops/pool?offset=5&limit=10");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<Integer>read(page.body(), "$.supervisor.totalChildren")).isEqualTo(30);
		assertThat(JsonPath.<Integer>read(page.body(), "$.supervisor.childrenByState.running")).isEqualTo(30);
		assertThat(JsonPath.<List<String>>read(page.body(), "$.children[*].id")).hasSize(10).startsWith("w-5");
		assertThat(this.http.get("/actuator/supervision/ops/pool/w-7").statusCode()).isEqualTo(200);
	}

	@Test
	void aCrashIsCountedInPrometheus() throws Exception {
		Crashable.crash("ops/a");
		SupervisionRegistry registry = this.context.getBean(SupervisionRegistry.class);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> registry.find("ops/a").orElseThrow().incarnation() == 2);
		HttpResponse<String> scrape = this.http.get("/actuator/prometheus");
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body())
			.contains("supervision_child_restarts_total{child=\"a\",supervisor=\"ops\",tree=\"ops\",type=\"service\"} 1.0")
			.contains("supervision_child_exits_total{child=\"a\",reason=\"crashed\",supervisor=\"ops\",tree=\"ops\",type=\"service\"} 1.0")
			.contains("supervision_child_starts_total{child=\"a\",supervisor=\"ops\",tree=\"ops\",type=\"service\"} 2.0")
			.contains("supervision_children{state=\"running\",supervisor=\"ops\",tree=\"ops\"} 2.0")
			.contains("supervision_restart_latency_seconds_count{child=\"a\",supervisor=\"ops\",tree=\"ops\",type=\"service\"} 1");
	}

	@Test
	void healthTurnsDownWhenATreeGivesUpAndUpAgainAfterAnOperatorRestart() throws Exception {
		assertThat(JsonPath.<String>read(this.http.get("/actuator/health").body(), "$.components.supervision.status"))
			.isEqualTo("UP");
		SupervisionRegistry registry = this.context.getBean(SupervisionRegistry.class);
		for (int i = 1; i <= 4; i++) {
			int incarnation = i;
			await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("ops/a")
				.map((node) -> node.incarnation() == incarnation && node.state() == ChildState.RUNNING)
				.orElse(false));
			Crashable.crash("ops/a");
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> registry.tree("ops").orElseThrow().state() == ChildState.FAILED);
		HttpResponse<String> down = this.http.get("/actuator/health");
		assertThat(down.statusCode()).isEqualTo(503);
		assertThat(JsonPath.<String>read(down.body(), "$.components.supervision.status")).isEqualTo("DOWN");
		assertThat(JsonPath.<String>read(down.body(), "$.components.supervision.components.ops.status")).isEqualTo("DOWN");
		assertThat(JsonPath.<String>read(down.body(), "$.components.supervision.components.ops.details.state"))
			.isEqualTo("failed");
		assertThat(JsonPath.<String>read(down.body(), "$.components.supervision.components.ops.details.lastExit.detail"))
			.contains("reached-max-restart-intensity");
		assertThat(this.http.get("/actuator/prometheus").body())
			.contains("supervision_intensity_exceeded_total{supervisor=\"ops\",tree=\"ops\"} 1.0");

		HttpResponse<String> restart = this.http.post("/actuator/supervision/ops", "{\"action\": \"restart\"}");
		assertThat(restart.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(restart.body(), "$.state")).isEqualTo("running");
		HttpResponse<String> up = this.http.get("/actuator/health");
		assertThat(up.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(up.body(), "$.components.supervision.status")).isEqualTo("UP");
	}

	@Test
	void eachTreeIsItsOwnHealthContributorSoOneTreeAnswersAndAGroupCanHoldIt() throws Exception {
		try (ConfigurableApplicationContext app = OperatedApp
			.run("management.endpoint.health.group.operations.include=supervision/ops")) {
			Http http = Http.of(app);
			HttpResponse<String> tree = http.get("/actuator/health/supervision/ops");
			assertThat(tree.statusCode()).isEqualTo(200);
			assertThat(JsonPath.<String>read(tree.body(), "$.status")).isEqualTo("UP");
			assertThat(JsonPath.<String>read(tree.body(), "$.details.state")).isEqualTo("running");
			assertThat(http.get("/actuator/health/supervision/nope").statusCode()).isEqualTo(404);
			HttpResponse<String> group = http.get("/actuator/health/operations");
			assertThat(group.statusCode()).isEqualTo(200);
			assertThat(JsonPath.<String>read(group.body(), "$.components.supervision.components.ops.status"))
				.isEqualTo("UP");
		}
	}

	@Test
	void oneSpellingAndOneDurationNotationInEveryOutput() throws Exception {
		HttpResponse<String> all = this.http.get("/actuator/supervision");
		assertThat(JsonPath.<List<String>>read(all.body(), "$..type")).containsOnly("supervisor", "service", "dynamic");
		assertThat(JsonPath.<String>read(all.body(), "$.trees[0].children[1].type")).isEqualTo("dynamic");
		List<String> durations = new ArrayList<>();
		durations.addAll(JsonPath.read(all.body(), "$..period"));
		durations.addAll(JsonPath.read(all.body(), "$..shutdown"));
		durations.addAll(JsonPath.read(all.body(), "$..worstCaseShutdown"));
		assertThat(durations).isNotEmpty()
			.allSatisfy((value) -> assertThat(value).matches("\\d+(ns|us|ms|s|m|h|d)|infinity|brutal-kill"));
		assertThat(this.http.get("/actuator/prometheus").body())
			.contains("supervision_child_starts_total{child=\"pool\",supervisor=\"ops\",tree=\"ops\",type=\"dynamic\"}");
		assertThat(JsonPath.<String>read(this.http.get("/actuator/health").body(),
				"$.components.supervision.components.ops.details.state")).isEqualTo("running");
		SupervisionRegistry registry = this.context.getBean(SupervisionRegistry.class);
		assertThat(registry.handle("ops/a", Crashable.class).state()).hasToString("running");
	}

	@Test
	void aTreeMarkedForReadinessRefusesTrafficWhileItIsDown() throws Exception {
		try (ConfigurableApplicationContext app = OperatedApp.run("supervision.trees.ops.readiness=true",
				"supervision.trees.ops.intensity=0")) {
			ApplicationAvailability availability = app.getBean(ApplicationAvailability.class);
			assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
			Crashable.crash("ops/a");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC);
			assertThat(Http.of(app).post("/actuator/supervision/ops", "{\"action\": \"restart\"}").statusCode())
				.isEqualTo(200);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
		}
	}

	@Test
	void writesAreRefusedWithMethodNotAllowedWhenTheEndpointIsReadOnly() throws Exception {
		try (ConfigurableApplicationContext readOnly = OperatedApp.run("management.endpoint.supervision.access=read-only")) {
			Http http = Http.of(readOnly);
			assertThat(http.get("/actuator/supervision").statusCode()).isEqualTo(200);
			assertThat(http.post("/actuator/supervision/ops/a", "{\"action\": \"restart\"}").statusCode()).isEqualTo(405);
			assertThat(readOnly.getBean(SupervisionRegistry.class).find("ops/a").orElseThrow().incarnation()).isEqualTo(1);
		}
	}

}
