package dev.supervisor.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.supervisor.ChildContext;
import dev.supervisor.ChildState;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.Worker;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import dev.supervisor.spring.handle.ChildHandle;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "add the starter to your own app": its {@code application.yml}, read from
 * the README itself, and its worker bean make a running tree.
 */
class GettingStartedTests {

	private static final String YAML_MARKER = "<!-- getting-started yaml:";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SupervisionAutoConfiguration.class))
		.withUserConfiguration(GettingStarted.class)
		.withInitializer((context) -> {
			for (PropertySource<?> source : readmeYaml()) {
				context.getEnvironment().getPropertySources().addFirst(source);
			}
		});

	@Test
	void readmeTreeRunsThePollerAndHandlesReachIt() {
		this.runner.run((context) -> {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			NodeSnapshot poller = registry.find("jobs/poller").orElseThrow();
			assertThat(poller.state()).isEqualTo(ChildState.RUNNING);
			assertThat(poller.shutdown().toString()).isEqualTo("10s");
			OrderRepository orders = context.getBean(OrderRepository.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> orders.processed.get() > 0);
			ChildHandle<Poller> handle = registry.handle("jobs/poller", Poller.class);
			OrderRepository reached = handle.call((p) -> p.orders);
			assertThat(reached).isSameAs(orders);
		});
	}

	private static List<PropertySource<?>> readmeYaml() {
		try {
			for (String candidate : List.of("../README.md")) {
				Path readme = Path.of(candidate);
				if (!Files.isRegularFile(readme)) {
					continue;
				}
				String text = Files.readString(readme, StandardCharsets.UTF_8);
				int marker = text.indexOf(YAML_MARKER);
				if (marker < 0) {
					continue;
				}
				int start = text.indexOf("```yaml\n", marker) + "```yaml\n".length();
				String yaml = text.substring(start, text.indexOf("```", start));
				return new YamlPropertySourceLoader().load("README",
						new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		throw new IllegalStateException("No README with the getting-started YAML ('" + YAML_MARKER + "')");
	}

	/** The README's bean, with an {@code OrderRepository} to poll. */
	@Configuration(proxyBeanMethods = false)
	static class GettingStarted {

		@Bean
		OrderRepository orderRepository() {
			return new OrderRepository();
		}

		@Bean
		@Scope("prototype")
		Poller poller(OrderRepository orders) {
			return new Poller(orders);
		}

	}

	/** The README's worker, as written there. */
	static class Poller implements Worker {

		private final OrderRepository orders;

		Poller(OrderRepository orders) {
			this.orders = orders;
		}

		@Override
		public void run(ChildContext context) throws InterruptedException {
			while (!context.stopRequested()) {
				this.orders.processNewOrders();
				Thread.sleep(1000);
			}
		}

	}

	static class OrderRepository {

		final AtomicInteger processed = new AtomicInteger();

		void processNewOrders() {
			this.processed.incrementAndGet();
		}

	}

}
