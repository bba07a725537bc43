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
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #17 §1 with Spring Security in front of the endpoint, as the README suggests:
 * {@code show-details: when-authorized} with {@code roles: OPS} shows messages from user code to
 * an operator only; anonymous readers and users without the role see them masked.
 */
@SpringBootTest(classes = SupervisionEndpointShowDetailsSecurityIntegrationTests.App.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=supervision",
				"management.endpoint.supervision.show-details=when-authorized",
				"management.endpoint.supervision.roles=OPS", "supervision.trees.db.children[0].id=orders",
				"supervision.trees.db.children[0].bean=firstRunFails" })
class SupervisionEndpointShowDetailsSecurityIntegrationTests {

	@LocalServerPort
	private int port;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void onlyAReaderWithTheRoleSeesMessagesFromUserCode() throws Exception {
		await().atMost(Duration.ofSeconds(10)).until(() -> get(null).body().contains("\"incarnation\":2"));
		assertThat(message(get(null))).as("anonymous").isEqualTo(SupervisionSanitizer.MASK);
		assertThat(message(get("viewer"))).as("authenticated, without the role").isEqualTo(SupervisionSanitizer.MASK);
		assertThat(message(get("ops"))).as("an operator").isEqualTo(Leaky.MESSAGE);
		assertThat(get(null).body()).doesNotContain(Leaky.SECRET);
	}

	private HttpResponse<String> get(String user) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/supervision/db/orders"));
		if (user != null) {
			request.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((user + ":" + user + "-password").getBytes(StandardCharsets.UTF_8)));
		}
		HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response;
	}

	private static String message(HttpResponse<String> response) {
		return JsonPath.read(response.body(), "$.lastExit.message");
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
		SecurityFilterChain security(HttpSecurity http) throws Exception {
			return http
				.authorizeHttpRequests((requests) -> requests
					.requestMatchers(HttpMethod.GET, "/actuator/**").permitAll()
					.requestMatchers(EndpointRequest.to("supervision")).hasRole("OPS")
					.anyRequest().denyAll())
				.httpBasic(Customizer.withDefaults())
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("ops").password("{noop}ops-password").roles("OPS").build(),
					User.withUsername("viewer").password("{noop}viewer-password").roles("VIEWER").build());
		}

	}

}
