package dev.supervisor.spring.actuate;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.supervisor.spring.actuate.OperatedApp.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No request a client sends is answered with a 5xx, and none is acted on as another: an
 * undecodable form body is a 400 on every path; the endpoint takes each path in one spelling
 * and each body field once. On a real server.
 */
class ClientErrorsWebIntegrationTests {

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
	void anUndecodableFormBodyIsABadRequestOnEveryPathTheActuatorsIncluded() throws Exception {
		for (String path : List.of("/actuator/supervision", "/actuator/supervision/ops/a", "/actuator/health",
				"/actuator/prometheus", "/no-such-path")) {
			for (String method : List.of("PUT", "PATCH", "DELETE")) {
				for (String body : List.of("a=%zz", "%", "a=%e9%", "%zz=1&b=2")) {
					HttpResponse<String> response = send(method, path, "application/x-www-form-urlencoded", body);
					// The endpoint takes no such method whatever the body (405, logged and audited); elsewhere 400.
					assertThat(response.statusCode()).as("%s %s with form body '%s': %s", method, path, body,
							response.body()).isEqualTo(path.startsWith("/actuator/supervision") ? 405 : 400);
				}
			}
		}
	}

	@Test
	void aFormBodyThatDecodesStillReachesTheApplication() throws Exception {
		// Boot's filter is replaced, not removed: a decodable form body still becomes parameters,
		// and a method the endpoint does not have is still a 405.
		HttpResponse<String> response = send("PUT", "/actuator/supervision/ops/a", "application/x-www-form-urlencoded",
				"action=restart");
		assertThat(response.statusCode()).isEqualTo(405);
	}

	@Test
	void theEndpointRefusesAPathInAnotherSpellingAndActsOnNothing() throws Exception {
		for (String path : List.of("/actuator/supervision/ops/a;x=1", "/actuator/supervision/ops;x=1/a",
				"/actuator/supervision/ops/a/", "/actuator/supervision//ops/a", "/actuator/supervision/ops//a",
				"/actuator/supervision;x=1/ops/a", "/actuator/supervision/ops/a%3Bx=1", "/actuator/supervision/ops/./a",
				"/actuator/supervision/ops/x/../a", "/actuator/supervision/ops/%2e/a", "/actuator/supervision/")) {
			HttpResponse<String> write = this.http.post(path, "{\"action\": \"restart\"}");
			assertThat(write.statusCode()).as("POST %s: %s", path, write.body()).isEqualTo(400);
			assertThat(JsonPath.<String>read(write.body(), "$.message")).contains("one spelling");
			HttpResponse<String> read = this.http.get(path);
			assertThat(read.statusCode()).as("GET %s", path).isEqualTo(400);
		}
		assertThat(incarnationOfA()).as("no refused request restarted it").isEqualTo(1);
		assertThat(this.http.post("/actuator/supervision/ops/a", "{\"action\": \"restart\"}").statusCode())
			.isEqualTo(200);
		assertThat(incarnationOfA()).isEqualTo(2);
	}

	@Test
	void theEndpointOnAManagementPortOfItsOwnIsAsStrict() throws Exception {
		try (ConfigurableApplicationContext separate = OperatedApp.run("management.server.port=0")) {
			Http management = new Http(this.http.client(),
					"http://localhost:" + separate.getEnvironment().getProperty("local.management.port"));
			assertThat(management.post("/actuator/supervision/ops/a;x=1", "{\"action\": \"restart\"}").statusCode())
				.isEqualTo(400);
			assertThat(management.post("/actuator/supervision/ops/a",
					"{\"action\": \"restart\", \"action\": \"terminate\"}").statusCode()).isEqualTo(400);
			HttpResponse<String> node = management.get("/actuator/supervision/ops/a");
			assertThat(JsonPath.<Integer>read(node.body(), "$.incarnation")).isEqualTo(1);
		}
	}

	@Test
	void theEndpointRefusesABodyThatNamesAFieldTwice() throws Exception {
		for (String body : List.of("{\"action\": \"restart\", \"action\": \"terminate\"}",
				"{\"action\": \"bogus\", \"action\": \"restart\"}", "{\"action\": \"restart\", \"x\": {\"y\": 1, \"y\": 2}}")) {
			HttpResponse<String> response = this.http.post("/actuator/supervision/ops/a", body);
			assertThat(response.statusCode()).as("%s: %s", body, response.body()).isEqualTo(400);
			assertThat(JsonPath.<String>read(response.body(), "$.message")).contains("more than once");
		}
		assertThat(this.http.post("/actuator/supervision/ops/a", "{\"action\": \"restart\"}").statusCode()).isEqualTo(200);
		assertThat(this.http.post("/actuator/supervision/ops/a", "{\"action\": \"" + "x".repeat(20_000) + "\"}")
			.statusCode()).isEqualTo(413);
		assertThat(incarnationOfA()).as("only the well-formed request restarted it").isEqualTo(2);
	}

	private int incarnationOfA() throws Exception {
		return JsonPath.<Integer>read(this.http.get("/actuator/supervision/ops/a").body(), "$.incarnation");
	}

	private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
		return this.http.client()
			.send(HttpRequest.newBuilder(URI.create(this.http.base() + path))
				.header("Content-Type", contentType)
				.method(method, HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
