package dev.supervisor.spring.actuate;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.actuate.OperatedApp.Http;
import dev.supervisor.spring.actuate.console.ConsoleStreams;
import dev.supervisor.spring.history.SupervisionHistory;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The console and its live stream on a real server, and the history over HTTP.
 */
class SupervisionConsoleWebIntegrationTests {

	private static final String CONSOLE = "/actuator/supervision/_console/";

	@Test
	void theConsoleIsOffByDefault() throws Exception {
		try (ConfigurableApplicationContext app = OperatedApp.run()) {
			Http http = Http.of(app);
			assertThat(http.get(CONSOLE).statusCode()).isEqualTo(404);
			assertThat(http.get(CONSOLE + "console.js").statusCode()).isEqualTo(404);
			assertThat(app.getBeansOfType(ConsoleStreams.class)).isEmpty();
		}
	}

	@Test
	void theConsoleServesItsPageFromTheJarUnderTheEndpointPathWhenEnabled() throws Exception {
		try (ConfigurableApplicationContext app = OperatedApp.run("supervision.console.enabled=true")) {
			Http http = Http.of(app);
			HttpResponse<String> page = http.get(CONSOLE);
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
			assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
			assertThat(page.body()).contains("<script src=\"console.js\"", "console.css").doesNotContain("http");
			HttpResponse<String> script = http.get(CONSOLE + "console.js");
			assertThat(script.statusCode()).isEqualTo(200);
			assertThat(script.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
			assertThat(http.get(CONSOLE + "console.css").statusCode()).isEqualTo(200);
			assertThat(http.get(CONSOLE + "other.js").statusCode()).isEqualTo(404);
			HttpResponse<String> redirect = http.get("/actuator/supervision/_console");
			assertThat(redirect.statusCode()).isEqualTo(302);
			assertThat(redirect.headers().firstValue("Location").orElse("")).endsWith("_console/");
			HttpResponse<String> session = http.get(CONSOLE + "session");
			assertThat(JsonPath.<Boolean>read(session.body(), "$.writable")).isTrue();
			assertThat(JsonPath.<Integer>read(session.body(), "$.historySize")).isEqualTo(SupervisionHistory.DEFAULT_SIZE);
			// The endpoint itself is untouched.
			assertThat(http.get("/actuator/supervision/ops/a").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void theConsoleSaysReadOnlyWhenTheEndpointsAccessIsReadOnly() throws Exception {
		try (ConfigurableApplicationContext app = OperatedApp.run("supervision.console.enabled=true",
				"management.endpoint.supervision.access=read-only")) {
			Http http = Http.of(app);
			assertThat(JsonPath.<Boolean>read(http.get(CONSOLE + "session").body(), "$.writable")).isFalse();
			assertThat(http.post("/actuator/supervision/ops/a", "{\"action\":\"restart\"}").statusCode()).isEqualTo(405);
		}
	}

	@Test
	void theConsoleIsServedOnASeparateManagementPortToo() throws Exception {
		try (ConfigurableApplicationContext app = OperatedApp.run("supervision.console.enabled=true",
				"management.server.port=0")) {
			String port = app.getEnvironment().getProperty("local.management.port");
			Http management = new Http(java.net.http.HttpClient.newHttpClient(), "http://localhost:" + port);
			assertThat(management.get(CONSOLE).statusCode()).isEqualTo(200);
			assertThat(JsonPath.<Boolean>read(management.get(CONSOLE + "session").body(), "$.writable")).isTrue();
			assertThat(Http.of(app).get(CONSOLE).statusCode()).as("not on the application's port").isEqualTo(404);
		}
	}

	@Test
	void aCrashReachesTheLiveStreamWithinASecondWithItsException() throws Exception {
		try (ConfigurableApplicationContext app = OperatedApp.run("supervision.console.enabled=true",
				"management.endpoint.supervision.show-details=always");
				SseClient stream = SseClient.open(Http.of(app).base() + CONSOLE + "events")) {
			assertThat(stream.status).isEqualTo(200);
			SseClient.Event hello = stream.next((event) -> event.name().equals("hello"), Duration.ofSeconds(10));
			assertThat(JsonPath.<Boolean>read(hello.data(), "$.resumed")).isFalse();
			long crashed = System.nanoTime();
			Crashable.crash("ops/a");
			SseClient.Event exit = stream.next((event) -> event.data().contains("\"exited\""), Duration.ofSeconds(1));
			long millis = Duration.ofNanos(System.nanoTime() - crashed).toMillis();
			assertThat(millis).isLessThan(1000);
			assertThat(exit.name()).isEqualTo(ConsoleStreams.EVENT);
			assertThat(exit.id()).matches("[0-9a-z]+:\\d+");
			assertThat(JsonPath.<String>read(exit.data(), "$.path")).isEqualTo("ops/a");
			assertThat(JsonPath.<String>read(exit.data(), "$.error.exception")).isEqualTo(IllegalStateException.class.getName());
			assertThat(JsonPath.<String>read(exit.data(), "$.error.message")).isEqualTo("crash of ops/a");
			assertThat(JsonPath.<List<String>>read(exit.data(), "$.error.frames")).isNotEmpty();
			// A reconnecting browser sends its last event id and gets what it missed, without a gap.
			Crashable.crashWhenRunning("ops/a");
			try (SseClient resumed = SseClient.open(Http.of(app).base() + CONSOLE + "events?after=" + exit.id())) {
				SseClient.Event again = resumed.next((event) -> event.name().equals("hello"), Duration.ofSeconds(10));
				assertThat(JsonPath.<Boolean>read(again.data(), "$.resumed")).isTrue();
				SseClient.Event next = resumed.next((event) -> event.name().equals(ConsoleStreams.EVENT), Duration.ofSeconds(5));
				assertThat(Long.parseLong(next.id().split(":")[1])).isEqualTo(Long.parseLong(exit.id().split(":")[1]) + 1);
			}
		}
	}

	@Test
	void aClientThatDoesNotReadLosesEventsWithACountAndNeverSlowsTheTree() throws Exception {
		try (ConfigurableApplicationContext app = OperatedApp.run("supervision.console.enabled=true",
				"supervision.console.client-buffer=64");
				Socket stuck = new Socket()) {
			ConsoleStreams streams = app.getBean(ConsoleStreams.class);
			int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
			stuck.setReceiveBufferSize(1024);
			stuck.connect(new InetSocketAddress("localhost", port));
			OutputStream out = stuck.getOutputStream();
			out.write(("GET " + CONSOLE + "events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			await().atMost(Duration.ofSeconds(10)).until(() -> streams.clients() == 1);
			SupervisionRegistry registry = app.getBean(SupervisionRegistry.class);
			// 30,000 starts, each an event of ~300 bytes: far more than the socket buffers hold.
			assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
				for (int i = 0; i < 30_000; i++) {
					assertThat(registry.supervisor("ops/pool").startDynamicChild("c-" + i, null).isOk()).isTrue();
				}
			});
			await().atMost(Duration.ofSeconds(30)).until(() -> streams.dropped() > 0);
			assertThat(streams.maxBuffered()).isLessThanOrEqualTo(64);
			// Another client is served as usual meanwhile.
			try (SseClient reader = SseClient.open(Http.of(app).base() + CONSOLE + "events")) {
				reader.next((event) -> event.name().equals("hello"), Duration.ofSeconds(10));
				Crashable.crash("ops/a");
				reader.next((event) -> event.data().contains("\"type\":\"exited\",\"path\":\"ops/a\""),
						Duration.ofSeconds(5));
			}
		}
	}

	@Test
	void aHeadRequestOnTheStreamHoldsNoSlotAndNoThread() throws Exception {
		// Rule: no request holds a stream slot or a thread without a live reader.
		try (ConfigurableApplicationContext app = OperatedApp.run("supervision.console.enabled=true",
				"supervision.console.max-clients=1")) {
			Http http = Http.of(app);
			ConsoleStreams streams = app.getBean(ConsoleStreams.class);
			for (int i = 0; i < 3; i++) {
				HttpResponse<String> head = http.client()
					.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.base() + CONSOLE + "events"))
						.method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
						.timeout(Duration.ofSeconds(5))
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(head.statusCode()).isEqualTo(200);
				assertThat(head.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
			}
			assertThat(streams.clients()).isZero();
			assertThat(Thread.getAllStackTraces().keySet())
				.noneMatch((thread) -> thread.getName().startsWith("supervision-console-stream-"));
			try (SseClient reader = SseClient.open(http.base() + CONSOLE + "events")) {
				assertThat(reader.status).as("the one slot is still free").isEqualTo(200);
			}
		}
	}

	@Test
	void streamsBeyondMaxClientsAreRefusedUntilOneCloses() throws Exception {
		try (ConfigurableApplicationContext app = OperatedApp.run("supervision.console.enabled=true",
				"supervision.console.max-clients=1")) {
			String url = Http.of(app).base() + CONSOLE + "events";
			SseClient first = SseClient.open(url);
			first.next((event) -> event.name().equals("hello"), Duration.ofSeconds(10));
			HttpResponse<String> refused = Http.of(app).get(CONSOLE + "events");
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).isPresent();
			first.close();
			ConsoleStreams streams = app.getBean(ConsoleStreams.class);
			// The server notices the closed connection at its next heartbeat or event at the latest.
			Crashable.crash("ops/a");
			await().atMost(Duration.ofSeconds(30)).until(() -> streams.clients() == 0);
			try (SseClient second = SseClient.open(url)) {
				assertThat(second.status).isEqualTo(200);
			}
		}
	}

	@Test
	void anErrorMaskingBeanDecidesWhatTheHistoryAndTheStreamShowOfExceptions() throws Exception {
		try (ConfigurableApplicationContext app = OperatedApp.run(new Class<?>[] { HideMessages.class },
				"supervision.console.enabled=true");
				SseClient stream = SseClient.open(Http.of(app).base() + CONSOLE + "events")) {
			stream.next((event) -> event.name().equals("hello"), Duration.ofSeconds(10));
			Crashable.crash("ops/a");
			SseClient.Event exit = stream.next((event) -> event.data().contains("\"exited\""), Duration.ofSeconds(5));
			assertThat(JsonPath.<String>read(exit.data(), "$.error.exception")).isEqualTo(IllegalStateException.class.getName());
			assertThat(JsonPath.<String>read(exit.data(), "$.error.message")).isEqualTo("(hidden)");
			HttpResponse<String> history = Http.of(app).get("/actuator/supervision/ops/a?history=true");
			assertThat(history.body()).contains("(hidden)").doesNotContain("crash of ops/a");
		}
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class HideMessages {

		@org.springframework.context.annotation.Bean
		dev.supervisor.spring.actuate.history.ErrorMasking hideMessages() {
			return (error, securityContext) -> error.withMessages((message) -> "(hidden)");
		}

	}

	@Test
	void exceptionMessagesAreMaskedByDefaultInTheHistoryAndTheStreamAsInTheEndpoint() throws Exception {
		try (ConfigurableApplicationContext app = OperatedApp.run("supervision.console.enabled=true");
				SseClient stream = SseClient.open(Http.of(app).base() + CONSOLE + "events")) {
			stream.next((event) -> event.name().equals("hello"), Duration.ofSeconds(10));
			Crashable.crash("ops/a");
			SseClient.Event exit = stream.next((event) -> event.data().contains("\"exited\""), Duration.ofSeconds(5));
			assertThat(JsonPath.<String>read(exit.data(), "$.error.exception")).isEqualTo(IllegalStateException.class.getName());
			assertThat(JsonPath.<String>read(exit.data(), "$.error.message")).isEqualTo("******");
			assertThat(JsonPath.<List<String>>read(exit.data(), "$.error.frames")).isNotEmpty();
			HttpResponse<String> history = Http.of(app).get("/actuator/supervision/ops/a?history=true");
			assertThat(history.body()).contains("******").doesNotContain("crash of ops/a");
		}
	}

	@Test
	void historyOverHttpIsNewestFirstPagedFoldsDynamicChildrenAndRecordsActions() throws Exception {
		try (ConfigurableApplicationContext app = OperatedApp.run("management.endpoint.supervision.show-details=always")) {
			Http http = Http.of(app);
			SupervisionRegistry registry = app.getBean(SupervisionRegistry.class);
			Crashable.crash("ops/a");
			await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("ops/a").orElseThrow().incarnation() == 2);
			assertThat(http.post("/actuator/supervision/ops/a", "{\"action\":\"restart\"}").statusCode()).isEqualTo(200);
			HttpResponse<String> history = http.get("/actuator/supervision/ops/a?history=true");
			assertThat(history.statusCode()).isEqualTo(200);
			List<String> types = JsonPath.read(history.body(), "$.events[*].type");
			assertThat(types.get(0)).isEqualTo("action");
			assertThat(types).contains("exited", "restarted", "started");
			assertThat(JsonPath.<String>read(history.body(), "$.events[0].principal")).isEqualTo("anonymous");
			assertThat(JsonPath.<String>read(history.body(), "$.events[0].action")).isEqualTo("restart");
			List<Integer> seqs = JsonPath.read(history.body(), "$.events[*].seq");
			assertThat(seqs).isSortedAccordingTo((x, y) -> Integer.compare(y, x));
			HttpResponse<String> page = http.get("/actuator/supervision/ops/a?history=true&offset=1&limit=2");
			assertThat(JsonPath.<List<Integer>>read(page.body(), "$.events[*].seq")).containsExactly(seqs.get(1), seqs.get(2));
			assertThat(JsonPath.<Integer>read(page.body(), "$.total")).isEqualTo(seqs.size());

			registry.supervisor("ops/pool").startDynamicChild("w-1", null);
			Crashable.crash("ops/pool/w-1");
			await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("ops/pool/w-1").isEmpty());
			HttpResponse<String> pool = http.get("/actuator/supervision/ops/pool?history=true");
			assertThat(JsonPath.<String>read(pool.body(), "$.events[0].child")).isEqualTo("w-1");
			assertThat(JsonPath.<String>read(pool.body(), "$.events[0].error.message")).isEqualTo("crash of ops/pool/w-1");
			HttpResponse<String> gone = http.get("/actuator/supervision/ops/pool/w-1?history=true");
			assertThat(gone.statusCode()).as("a dynamic child's history outlives it").isEqualTo(200);
			assertThat(JsonPath.<List<String>>read(gone.body(), "$.events[*].child")).isNotEmpty().containsOnly("w-1");
			assertThat(http.get("/actuator/supervision/ops/pool/w-1").statusCode()).isEqualTo(404);
			assertThat(http.get("/actuator/supervision/nope?history=true").statusCode()).isEqualTo(404);
			HttpResponse<String> recent = http.get("/actuator/supervision?history=true&limit=5");
			assertThat(JsonPath.<List<Object>>read(recent.body(), "$.events")).hasSize(5);
		}
	}

	@Test
	void writesToPathsThatDoNotExistLeaveNoHistoryAndTheirHistoryIsA404() throws Exception {
		// Rule: nothing unbounded can be created by a request: the history records actions only for nodes that exist.
		try (ConfigurableApplicationContext app = OperatedApp.run()) {
			Http http = Http.of(app);
			SupervisionHistory history = app.getBean(SupervisionHistory.class);
			int nodes = history.nodeCount();
			String longPath = "/actuator/supervision/ops/" + "g".repeat(2000);
			for (int i = 0; i < 50; i++) {
				assertThat(http.post("/actuator/supervision/ops/ghost-" + i, "{\"action\":\"restart\"}").statusCode())
					.isEqualTo(404);
				assertThat(http.post(longPath + i, "{\"action\":\"nope\"}").statusCode()).isEqualTo(400);
				assertThat(http.post("/actuator/supervision/ghost-" + i, "{\"action\":\"restart\"}").statusCode())
					.isEqualTo(404);
			}
			assertThat(history.nodeCount()).as("no node made up by a request").isEqualTo(nodes);
			HttpResponse<String> ghost = http.get("/actuator/supervision/ops/ghost-1?history=true");
			assertThat(ghost.statusCode()).isEqualTo(404);
			assertThat(http.get("/actuator/supervision/ops/nosuch?history=true").statusCode()).isEqualTo(404);
			assertThat(http.get("/actuator/supervision/ops/a?history=true").statusCode()).isEqualTo(200);
			assertThat(http.post("/actuator/supervision/ops/a", "{\"action\":\"nope\"}").statusCode()).isEqualTo(400);
			assertThat(JsonPath.<String>read(http.get("/actuator/supervision/ops/a?history=true").body(),
					"$.events[0].outcome")).as("a bad action on a node that exists is in its history").isEqualTo("bad-request");
		}
	}

}
