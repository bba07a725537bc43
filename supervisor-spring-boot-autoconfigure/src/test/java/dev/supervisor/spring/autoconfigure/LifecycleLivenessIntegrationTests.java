package dev.supervisor.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.supervisor.ExitReason;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.spring.SupervisionRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The optional liveness check of Spring {@link Lifecycle} beans supervised as services.
 */
class LifecycleLivenessIntegrationTests {

	private static final String[] TREE = { "supervision.trees.ingest.children[0].id=flaky",
			"supervision.trees.ingest.children[0].bean=flaky" };

	@BeforeEach
	void forgetInstances() {
		Flaky.instances.clear();
	}

	@Test
	void aLifecycleThatStopsRunningByItselfIsACrashWhenLivenessIsChecked() {
		ConfigurableApplicationContext context = TestApplications.run(App.class, with("supervision.lifecycle.liveness-interval=20ms"));
		try {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			assertThat(registry.find("ingest/flaky").orElseThrow().incarnation()).isEqualTo(1);
			assertThat(livenessThreads()).hasSize(1);
			Flaky.instances.get(1L).running = false;
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.find("ingest/flaky").map(NodeSnapshot::incarnation).orElse(0L) == 2);
			NodeSnapshot node = registry.find("ingest/flaky").orElseThrow();
			assertThat(node.lastExit().reason()).isEqualTo(ExitReason.Kind.CRASHED);
			assertThat(node.lastExit().message()).contains("no longer running");
			assertThat(Flaky.instances.get(2L).running).as("a fresh, started instance").isTrue();
		}
		finally {
			context.close();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> livenessThreads().isEmpty());
	}

	@Test
	void lifecyclesAreNotWatchedByDefault() {
		try (ConfigurableApplicationContext context = TestApplications.run(App.class, TREE)) {
			assertThat(context.getBean(SupervisionRegistry.class).find("ingest/flaky")).isPresent();
			assertThat(livenessThreads()).isEmpty();
		}
	}

	private static String[] with(String... extra) {
		List<String> all = new java.util.ArrayList<>(List.of(TREE));
		all.addAll(List.of(extra));
		return all.toArray(String[]::new);
	}

	private static List<String> livenessThreads() {
		return Thread.getAllStackTraces().keySet().stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith("ingest/flaky#") && name.endsWith("/liveness"))
			.toList();
	}

	/** A lifecycle whose running flag a test can turn off, as if it died by itself. */
	static class Flaky implements Lifecycle {

		static final Map<Long, Flaky> instances = new ConcurrentHashMap<>();

		volatile boolean running;

		@Override
		public void start() {
			this.running = true;
			instances.put((long) instances.size() + 1, this);
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		@Scope("prototype")
		Flaky flaky() {
			return new Flaky();
		}

	}

}
