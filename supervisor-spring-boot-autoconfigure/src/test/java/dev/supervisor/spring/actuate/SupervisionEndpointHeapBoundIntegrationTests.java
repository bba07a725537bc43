package dev.supervisor.spring.actuate;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import dev.supervisor.ChildSpec;
import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.SupervisorHandle;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.actuate.OperatedApp.Http;
import dev.supervisor.spring.actuate.endpoint.SupervisionEndpoint;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #17 §2, on a real server in a JVM with a small heap (its own Surefire run,
 * {@code -Xmx256m}): a dynamic supervisor of {@value #OUTER} dynamic supervisors of
 * {@value #INNER} children each, read by {@value #CLIENTS} clients at once with the largest
 * page. Every response holds at most the node budget and says it was truncated, every request
 * is answered, and another tree's restart meanwhile is not held up. Without the budget each
 * response held the whole tree (about 20 MB) and the heap ran out.
 */
@SpringBootTest(classes = SupervisionEndpointHeapBoundIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=supervision",
				"management.endpoint.supervision.access=unrestricted", "server.tomcat.threads.max=64",
				OperatedApp.NO_SECURITY })
class SupervisionEndpointHeapBoundIntegrationTests {

	static final int OUTER = 300;

	static final int INNER = 300;

	static final int CLIENTS = 48;

	@LocalServerPort
	private int port;

	@Autowired
	private SupervisionRegistry registry;

	@Test
	void concurrentReadsOfAHugeNestedTreeStayWithinTheNodeBudgetAndTheHeap() throws Exception {
		assumeTrue(Runtime.getRuntime().maxMemory() <= (512L << 20),
				"held in its own JVM with a small heap: the Surefire execution 'heap-bound'");
		SupervisorHandle outer = this.registry.supervisor("nested/outer");
		for (int i = 0; i < OUTER; i++) {
			assertThat(outer.startDynamicChild("d-" + i, null).isOk()).isTrue();
			SupervisorHandle inner = this.registry.supervisor("nested/outer/d-" + i);
			for (int j = 0; j < INNER; j++) {
				inner.startDynamicChild("c-" + j, null);
			}
		}
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		Http http = new Http(client, "http://localhost:" + this.port);
		List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.toList();
		heap.forEach(MemoryPoolMXBean::resetPeakUsage);
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Callable<HttpResponse<String>>> reads = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				String path = (i % 2 == 0) ? "/actuator/supervision?limit=1000"
						: "/actuator/supervision/nested/outer?limit=1000";
				// A bound on each answer: without one, a server out of heap leaves the test hanging.
				reads.add(() -> client.send(
						HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
							.timeout(Duration.ofMinutes(2))
							.build(),
						HttpResponse.BodyHandlers.ofString()));
			}
			List<Future<HttpResponse<String>>> answers = new ArrayList<>();
			for (Callable<HttpResponse<String>> read : reads) {
				answers.add(clients.submit(read));
			}
			long restartStarted = System.nanoTime();
			HttpResponse<String> restart = http.post("/actuator/supervision/other", "{\"action\": \"restart\"}");
			Duration restartTook = Duration.ofNanos(System.nanoTime() - restartStarted);
			long largest = 0;
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get(3, TimeUnit.MINUTES);
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				List<String> paths = JsonPath.read(response.body(), "$..path");
				assertThat(paths).hasSizeLessThanOrEqualTo(SupervisionEndpoint.DEFAULT_MAX_NODES + 1);
				assertThat(response.body()).contains("\"truncated\":true");
				largest = Math.max(largest, response.body().length());
			}
			assertThat(restart.statusCode()).isEqualTo(200);
			assertThat(restartTook).as("another tree's restart under load").isLessThan(Duration.ofSeconds(15));
			long peak = heap.stream().mapToLong((pool) -> pool.getPeakUsage().getUsed()).sum();
			System.out.printf("heap-bound: %d nodes in the tree, largest response %d bytes, peak heap %d MB, "
					+ "restart of another tree %d ms%n", 2 + OUTER + OUTER * INNER, largest, peak >> 20,
					restartTook.toMillis());
			assertThat(largest).isLessThan(1 << 20);
		}
		finally {
			clients.shutdownNow();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		private static final Service IDLE = new Service() {

			@Override
			public void start(ServiceContext context) {
			}

			@Override
			public void stop(ServiceContext context) {
			}

		};

		@Bean
		SupervisorSpec nested() {
			return SupervisorSpec.oneForOne(ChildSpec.supervisor("outer", SupervisorSpec.dynamic(ChildSpec
				.supervisor("inner", SupervisorSpec.dynamic(ChildSpec.service("leaf", (context) -> IDLE))))));
		}

		@Bean
		SupervisorSpec other() {
			return SupervisorSpec.oneForOne(ChildSpec.service("a", (context) -> IDLE));
		}

	}

}
