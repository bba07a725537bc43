package dev.supervisor.spring.actuate;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import dev.supervisor.spring.actuate.OperatedApp.Http;
import dev.supervisor.spring.actuate.endpoint.SupervisionEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every write attempt to the endpoint, however it is refused, and also when it is refused before
 * it reaches the endpoint, is one log line and one audit event (with its principal and status),
 * and is answered with a message that says what is wrong and how to fix it. On a real server.
 */
@ExtendWith(OutputCaptureExtension.class)
class WriteRefusalsWebIntegrationTests {

	private static final String A = "/actuator/supervision/ops/a";

	private ConfigurableApplicationContext context;

	private Http http;

	@BeforeEach
	void start() {
		this.context = OperatedApp.run(new Class<?>[] { Audit.class });
		this.http = Http.of(this.context);
	}

	@AfterEach
	void stop() {
		this.context.close();
	}

	@Test
	void everyWriteRefusedBeforeTheEndpointIsLoggedAuditedAndExplained(CapturedOutput output) throws Exception {
		byte[] badUtf8 = { '{', '"', 'a', 'c', 't', 'i', 'o', 'n', '"', ':', '"', (byte) 0xC3, '(', '"', '}' };
		List<Refused> refusals = List.of(new Refused("POST", A, "application/json", null, bytes("{\"action\":"), 400),
				new Refused("POST", A, "application/json", null, bytes("{\"action\":[\"restart\"]}"), 400),
				new Refused("POST", A, "application/json", null, badUtf8, 400),
				new Refused("POST", A, "application/json", null,
						bytes("{\"action\":\"restart\",\"action\":\"restart\"}"), 400),
				new Refused("POST", A, "application/json", null,
						bytes("{\"action\":\"" + "x".repeat(20_000) + "\"}"), 413),
				new Refused("POST", A, "application/x-www-form-urlencoded", null, bytes("action=restart"), 415),
				new Refused("POST", A + ";x=1", "application/json", null, bytes("{\"action\":\"restart\"}"), 400),
				new Refused("POST", A + "/", "application/json", null, bytes("{\"action\":\"restart\"}"), 400),
				new Refused("POST", A, "application/json", "application/xml", bytes("{\"action\":\"restart\"}"), 406),
				new Refused("POST", A + "?depth=abc", "application/json", null, bytes("{\"action\":\"restart\"}"),
						400),
				new Refused("PUT", A, "application/json", null, bytes("{\"action\":\"restart\"}"), 405),
				new Refused("PUT", A, "application/x-www-form-urlencoded", null, bytes("a=%zz"), 405),
				new Refused("POST", "/actuator/supervision", "application/json", null,
						bytes("{\"action\":\"restart\"}"), 405));
		AuditEventRepository audit = this.context.getBean(AuditEventRepository.class);
		for (Refused refused : refusals) {
			int eventsBefore = audit.find(null, null, null).size();
			int linesBefore = refusedLines(output);
			HttpResponse<String> response = refused.send(this.http);
			assertThat(response.statusCode()).as("%s", refused).isEqualTo(refused.status());
			assertThat(JsonPath.<String>read(response.body(), "$.message")).as("%s", refused).isNotBlank();
			List<AuditEvent> events = audit.find(null, null, null);
			assertThat(events).as("one audit event for %s", refused).hasSize(eventsBefore + 1);
			AuditEvent event = events.get(events.size() - 1);
			assertThat(event.getType()).isEqualTo(SupervisionEndpoint.AUDIT_TYPE);
			assertThat(event.getPrincipal()).isEqualTo("anonymous");
			assertThat(event.getData()).containsEntry("status", refused.status()).containsKey("message");
			assertThat(refusedLines(output)).as("one log line for %s", refused).isEqualTo(linesBefore + 1);
		}
		assertThat(output.getOut()).doesNotContain("DefaultHandlerExceptionResolver");
		assertThat(JsonPath.<Integer>read(this.http.get(A).body(), "$.incarnation")).as("nothing acted").isEqualTo(1);
	}

	private static int refusedLines(CapturedOutput output) {
		return (int) output.getOut().lines().filter((line) -> line.contains("Supervision action") && line.contains("refused")).count();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	record Refused(String method, String path, String contentType, String accept, byte[] body, int status) {

		HttpResponse<String> send(Http http) throws Exception {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.base() + this.path))
				.header("Content-Type", this.contentType)
				.method(this.method, HttpRequest.BodyPublishers.ofByteArray(this.body));
			if (this.accept != null) {
				request.header("Accept", this.accept);
			}
			return http.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

		@Override
		public String toString() {
			return this.method + " " + this.path + " " + this.contentType + " (" + this.body.length + " bytes)";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Audit {

		@Bean
		InMemoryAuditEventRepository auditEventRepository() {
			return new InMemoryAuditEventRepository();
		}

	}

}
