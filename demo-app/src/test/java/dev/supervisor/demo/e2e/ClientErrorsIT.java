package dev.supervisor.demo.e2e;

import java.net.http.HttpRequest;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the demo answers a client it cannot serve (issue 11, inputs 3 and 4): a refusal of
 * a supervisor is a 503, 409 or 4xx with a message, never a 500; no body a client sends is
 * answered with a 5xx; the endpoint acts on no request it would have to guess. One demo
 * process whose bucket supervisor holds at most 3 buckets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientErrorsIT {

	private DemoProcess demo;

	private Operator operator;

	@BeforeAll
	void startDemo() throws Exception {
		this.demo = DemoProcess.start("client-errors", "--demo.kv.max-buckets=3");
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
	void aBucketSupervisorAtItsMaximumRefusesANewBucketWithAConflict() {
		for (String bucket : List.of("a", "b", "c")) {
			assertThat(this.demo.post("/kv/buckets/" + bucket).status()).isEqualTo(201);
		}
		DemoProcess.Response refused = this.demo.post("/kv/buckets/d");
		assertThat(refused.status()).as(refused.body()).isEqualTo(409);
		assertThat(refused.json().path("outcome").asString()).isEqualTo("max-children");
		assertThat(refused.json().path("error").asString()).contains("Bucket 'd' could not be started", "maximum of 3");
		assertThat(this.demo.delete("/kv/buckets/c").status()).isEqualTo(204);
	}

	@Test
	@Order(2)
	void aBucketSupervisorThatIsDownRefusesANewBucketAsUnavailable() {
		this.operator.act("kv/buckets", "terminate");
		DemoProcess.Response refused = this.demo.post("/kv/buckets/e");
		assertThat(refused.status()).as(refused.body()).isEqualTo(503);
		assertThat(refused.json().path("outcome").asString()).isEqualTo("supervisor-down");
		assertThat(refused.json().path("error").asString()).contains("Bucket 'e' could not be started",
				"'kv/buckets' is not running");
		this.operator.act("kv/buckets", "start");
		assertThat(this.demo.post("/kv/buckets/e").status()).isEqualTo(201);
		assertThat(this.demo.logText()).doesNotContain("IllegalStateException");
	}

	@Test
	@Order(3)
	void noFormBodyAClientSendsIsAnsweredWithAServerError() {
		for (String path : List.of("/kv/buckets/e/milk", "/kv/buckets/e", "/messages", "/facts", "/facts/poison",
				"/chaos/crash/ingest/client", "/actuator/supervision", "/actuator/supervision/ingest/producers/p-0",
				"/actuator/health", "/actuator/prometheus", "/no-such-path")) {
			for (String method : List.of("PUT", "PATCH", "DELETE", "POST")) {
				DemoProcess.Response response = this.demo.send(this.demo.request(path)
					.header("Content-Type", "application/x-www-form-urlencoded")
					.method(method, HttpRequest.BodyPublishers.ofString("a=%zz")));
				assertThat(response.status()).as("%s %s with the form body a=%%zz: %s", method, path, response.body())
					.isLessThan(500);
				if (path.startsWith("/actuator/supervision")) {
					// The endpoint refuses a write it cannot read (405, 415), logged and audited.
					assertThat(response.status()).as("%s %s", method, path).isIn(405, 415);
				}
				else if (!method.equals("POST")) {
					// Spring reads the form body of these methods before any handler: it cannot, so 400.
					assertThat(response.status()).as("%s %s", method, path).isEqualTo(400);
				}
			}
		}
		assertThat(this.demo.get("/kv/buckets/e").status()).as("the bucket is still there").isEqualTo(200);
	}

	@Test
	@Order(4)
	void theEndpointActsOnNoRequestItWouldHaveToGuess() {
		long incarnation = this.demo.node("ingest/producers/p-0").path("incarnation").asLong();
		for (String path : List.of("ingest/producers/p-0;x=1", "ingest/producers/p-0/", "ingest//producers/p-0")) {
			DemoProcess.Response response = this.demo.postJson("/actuator/supervision/" + path,
					"{\"action\":\"restart\"}");
			assertThat(response.status()).as("POST %s: %s", path, response.body()).isEqualTo(400);
		}
		DemoProcess.Response duplicate = this.demo.postJson("/actuator/supervision/ingest/producers/p-0",
				"{\"action\":\"bogus\",\"action\":\"restart\"}");
		assertThat(duplicate.status()).as(duplicate.body()).isEqualTo(400);
		assertThat(duplicate.json().path("message").asString()).contains("'action' more than once");
		assertThat(this.demo.node("ingest/producers/p-0").path("incarnation").asLong())
			.as("no refused request restarted p-0").isEqualTo(incarnation);
	}

}
