package dev.supervisor.spring.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import dev.supervisor.spring.actuate.OperatedApp.Http;
import dev.supervisor.spring.actuate.endpoint.SupervisionSanitizer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #17 §1, on a real server: with only the endpoint exposed (no Spring Security, the
 * default {@code show-details}), an anonymous reader sees that a child crashed with a
 * {@code SQLException}, never the message with the connection string and password; nor do 409
 * replies, health details or the endpoint's log lines show it.
 */
@SpringBootTest(classes = SupervisionEndpointSecretsIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=supervision,health",
				"management.endpoint.health.show-details=always", "management.endpoint.supervision.access=unrestricted",
				"supervision.trees.db.children[0].id=orders", "supervision.trees.db.children[0].bean=firstRunFails",
				"supervision.trees.db.children[1].id=reports", "supervision.trees.db.children[1].bean=failingStart",
				OperatedApp.NO_SECURITY })
@ExtendWith(OutputCaptureExtension.class)
class SupervisionEndpointSecretsIntegrationTests {

	@LocalServerPort
	private int port;

	private Http http;

	@BeforeEach
	void client() {
		this.http = new Http(java.net.http.HttpClient.newHttpClient(), "http://localhost:" + this.port);
	}

	@Test
	void anAnonymousReaderSeesTheExceptionClassAndReasonButNeverTheMessage() throws Exception {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.http.get("/actuator/supervision/db/orders").body()
			.contains("\"incarnation\":2"));
		HttpResponse<String> node = this.http.get("/actuator/supervision/db/orders");
		assertThat(node.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(node.body(), "$.lastExit.reason")).isEqualTo("crashed");
		assertThat(JsonPath.<String>read(node.body(), "$.lastExit.exception")).isEqualTo("java.sql.SQLException");
		assertThat(JsonPath.<String>read(node.body(), "$.lastExit.message")).isEqualTo(SupervisionSanitizer.MASK);
		assertThat(node.body()).doesNotContain(Leaky.SECRET, "db.internal");
		assertThat(this.http.get("/actuator/supervision").body()).contains("java.sql.SQLException")
			.doesNotContain(Leaky.SECRET, "db.internal");
		assertThat(this.http.get("/actuator/health").body()).doesNotContain(Leaky.SECRET, "db.internal");
	}

	@Test
	void aRefusedStartNamesItsCausesButMasksTheirMessagesInTheReplyAndTheEndpointsLogLines(CapturedOutput output)
			throws Exception {
		assertThat(this.http.post("/actuator/supervision/db/reports", "{\"action\": \"terminate\"}").statusCode())
			.isEqualTo(200);
		Leaky.FailingStart.failing.set(true);
		try {
			HttpResponse<String> refused = this.http.post("/actuator/supervision/db/reports", "{\"action\": \"start\"}");
			assertThat(refused.statusCode()).isEqualTo(409);
			assertThat(JsonPath.<String>read(refused.body(), "$.message")).contains("java.lang.IllegalStateException",
					"java.sql.SQLException", SupervisionSanitizer.MASK);
			assertThat(refused.body()).doesNotContain(Leaky.SECRET, "db.internal", "pool could not start");
		}
		finally {
			Leaky.FailingStart.failing.set(false);
		}
		assertThat(output.getAll().lines().filter((line) -> line.contains("Supervision action")))
			.anySatisfy((line) -> assertThat(line).contains("start-failed"))
			.noneSatisfy((line) -> assertThat(line).contains(Leaky.SECRET));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
		Leaky.FirstRunFails firstRunFails() {
			return new Leaky.FirstRunFails();
		}

		@Bean
		@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
		Leaky.FailingStart failingStart() {
			return new Leaky.FailingStart();
		}

	}

}
