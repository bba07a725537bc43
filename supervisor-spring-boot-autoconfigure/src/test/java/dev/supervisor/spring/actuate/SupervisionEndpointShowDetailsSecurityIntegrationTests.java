package dev.supervisor.spring.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.jayway.jsonpath.JsonPath;
import dev.supervisor.spring.actuate.endpoint.SupervisionSanitizer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Scope;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #17 §1 and §6 with Spring Security in front of the endpoint, configured exactly as the
 * README's "Securing it" snippets: {@code show-details: when-authorized} with {@code roles: OPS}
 * shows messages from user code to an operator only; a signed-in reader without the role sees
 * them masked; anonymous readers and writers without the role are refused.
 */
@SpringBootTest(classes = SupervisionEndpointShowDetailsSecurityIntegrationTests.App.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.import=classpath:securing-it.yml", "supervision.trees.db.children[0].id=orders",
				"supervision.trees.db.children[0].bean=firstRunFails" })
class SupervisionEndpointShowDetailsSecurityIntegrationTests {

	@LocalServerPort
	private int port;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void onlyAReaderWithTheRoleSeesMessagesFromUserCode() throws Exception {
		await().atMost(Duration.ofSeconds(10)).until(() -> get("viewer").body().contains("\"incarnation\":2"));
		assertThat(message(get("viewer"))).as("signed in, without the role").isEqualTo(SupervisionSanitizer.MASK);
		assertThat(get("viewer").body()).doesNotContain(Leaky.SECRET);
		assertThat(message(get("ops"))).as("an operator").isEqualTo(Leaky.MESSAGE);
		assertThat(send(null, "GET", null).statusCode()).as("anonymous").isEqualTo(401);
		assertThat(send(null, "GET", null).body()).doesNotContain(Leaky.SECRET);
	}

	@Test
	void writesAreForOperatorsOnly() throws Exception {
		String restart = "{\"action\": \"restart\"}";
		assertThat(send(null, "POST", restart).statusCode()).isEqualTo(401);
		assertThat(send("viewer", "POST", restart).statusCode()).isEqualTo(403);
		HttpResponse<String> byOperator = send("ops", "POST", restart);
		assertThat(byOperator.statusCode()).as(byOperator.body()).isEqualTo(200);
		assertThat(JsonPath.<String>read(byOperator.body(), "$.state")).isEqualTo("running");
	}

	private HttpResponse<String> get(String user) throws Exception {
		HttpResponse<String> response = send(user, "GET", null);
		assertThat(response.statusCode()).isEqualTo(200);
		return response;
	}

	private HttpResponse<String> send(String user, String method, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/supervision/db/orders"))
			.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (user != null) {
			request.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((user + ":" + user + "-password").getBytes(StandardCharsets.UTF_8)));
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String message(HttpResponse<String> response) {
		return JsonPath.read(response.body(), "$.lastExit.message");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ActuatorSecurity.class)
	static class App {

		@Bean
		@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
		Leaky.FirstRunFails firstRunFails() {
			return new Leaky.FirstRunFails();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("ops").password("{noop}ops-password").roles("OPS").build(),
					User.withUsername("viewer").password("{noop}viewer-password").roles("VIEWER").build());
		}

	}

}
