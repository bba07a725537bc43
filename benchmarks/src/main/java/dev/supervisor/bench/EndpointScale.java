package dev.supervisor.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.supervisor.Outcome;
import dev.supervisor.SupervisorHandle;
import dev.supervisor.spring.SupervisionRegistry;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The endpoint at scale (issue #15, figure 4): a Spring Boot web application whose tree
 * {@code bench} is a dynamic supervisor holding N {@code class:} services, started through the
 * registry ({@code startDynamicChild}, also timed: {@code children_per_sec}, {@code heap_per_child}
 * with the starter's handle bookkeeping). Then {@code GET /actuator/supervision} (the default page)
 * over HTTP, {@code warmup} requests discarded, {@code requests} timed one after the other from an
 * in-process client: latency percentiles, and the bytes every thread of the JVM allocated per
 * request (server and client).
 */
final class EndpointScale {

	private EndpointScale() {
	}

	static void run(BenchEnv env, Report report, int children, int requests, int warmup) throws Exception {
		Map<String, Object> properties = new LinkedHashMap<>(SpringBench.threads(env));
		properties.put("supervision.trees.bench.type", "dynamic");
		properties.put("supervision.trees.bench.template.class", SpringBench.IdleService.class.getName());
		properties.put("supervision.trees.bench.template.restart", "temporary");
		String variant = "children=class-service;page=default;client=jdk-http";
		try (ConfigurableApplicationContext context = SpringBench.start(true, properties)) {
			SupervisorHandle dyn = context.getBean(SupervisionRegistry.class).supervisor("bench");
			long heapBefore = BenchEnv.usedHeapAfterGc();
			long[] spawn = new long[1];
			env.drive(() -> {
				long t0 = System.nanoTime();
				for (int i = 0; i < children; i++) {
					Outcome outcome = dyn.startDynamicChild(null, null);
					if (!outcome.isOk()) {
						throw new IllegalStateException("child " + i + " did not start: " + outcome.message());
					}
				}
				spawn[0] = System.nanoTime() - t0;
			});
			long heapAfter = BenchEnv.usedHeapAfterGc();
			report.result("spring_spawn", children, variant, "children_per_sec", children / (spawn[0] / 1e9), "1/s");
			report.result("spring_spawn", children, variant, "heap_per_child", (double) (heapAfter - heapBefore) / children,
					"bytes");
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/supervision"))
				.GET()
				.build();
			long[] latency = new long[requests];
			long bytes = 0;
			for (int i = 0; i < warmup; i++) {
				get(client, request);
			}
			long allocatedBefore = BenchEnv.allocatedBytes();
			for (int i = 0; i < requests; i++) {
				long t0 = System.nanoTime();
				bytes = get(client, request);
				latency[i] = System.nanoTime() - t0;
			}
			long allocated = BenchEnv.allocatedBytes() - allocatedBefore;
			report.latency("endpoint", children, variant, "get_tree", latency);
			report.result("endpoint", children, variant, "alloc_per_request", (double) allocated / requests, "bytes");
			report.result("endpoint", children, variant, "response_bytes", bytes, "bytes");
			long stopStart = System.nanoTime();
			context.close();
			report.result("spring_shutdown", children, variant, "total_ms", (System.nanoTime() - stopStart) / 1e6, "ms");
		}
	}

	private static long get(HttpClient client, HttpRequest request) throws Exception {
		HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET /actuator/supervision answered " + response.statusCode() + ": "
					+ new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
		}
		return response.body().length;
	}

}
