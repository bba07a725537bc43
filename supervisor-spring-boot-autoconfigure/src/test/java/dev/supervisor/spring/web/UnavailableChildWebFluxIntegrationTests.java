package dev.supervisor.spring.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import dev.supervisor.ChildState;
import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.spring.SupervisionRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #9 item 7 on Spring WebFlux (Reactor Netty on a random port): a handle call to a child
 * of a tree that is down answers 503 with problem details, at once.
 */
class UnavailableChildWebFluxIntegrationTests {

	/** Spring Security is on the test classpath (for other tests); this application has none. */
	private static final String NO_SECURITY = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration";

	@Test
	void aCallToAChildOfATreeThatIsDownAnswers503WithProblemDetails() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ReactiveApp.class)
			.web(WebApplicationType.REACTIVE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.properties(NO_SECURITY, "server.port=0", "supervision.handles.wait-timeout=5s",
					"supervision.trees.down.intensity=0",
					"supervision.trees.down.children[0].id=conn", "supervision.trees.down.children[0].bean=connection")
			.run()) {
			HttpClient client = HttpClient.newHttpClient();
			URI uri = URI.create("http://localhost:" + context.getEnvironment().getProperty("local.server.port")
					+ "/connection");
			assertThat(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body())
				.isEqualTo("reached");
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			registry.handle("down/conn", Connection.class).run(Connection::crash);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.tree("down").orElseThrow().state() == ChildState.FAILED);
			long start = System.nanoTime();
			HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(503);
			assertThat(JsonPath.<String>read(response.body(), "$.title")).isEqualTo(ChildUnavailableExceptionHandler.TITLE);
			assertThat(JsonPath.<String>read(response.body(), "$.path")).isEqualTo("down/conn");
			assertThat(JsonPath.<String>read(response.body(), "$.state")).startsWith("failed");
			assertThat(response.headers().firstValue("Retry-After")).isEmpty();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ReactiveApp {

		@Bean
		@Scope("prototype")
		Connection connection() {
			return new Connection();
		}

		@RestController
		static class ConnectionController {

			private final SupervisionRegistry registry;

			ConnectionController(SupervisionRegistry registry) {
				this.registry = registry;
			}

			@GetMapping("/connection")
			Mono<String> use() {
				// A handle call may wait for a restart: never on an event loop.
				return Mono.fromCallable(() -> this.registry.handle("down/conn", Connection.class).call((c) -> "reached"))
					.subscribeOn(Schedulers.boundedElastic());
			}

		}

	}

	/** A service that can be crashed through its handle. */
	static class Connection implements Service {

		private volatile ServiceContext context;

		@Override
		public void start(ServiceContext context) {
			this.context = context;
		}

		@Override
		public void stop(ServiceContext context) {
		}

		void crash() {
			this.context.fail(new IllegalStateException("connection lost"));
		}

	}

}
