package dev.supervisor.spring.autoconfigure;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;

import dev.supervisor.ChildContext;
import dev.supervisor.Worker;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.SupervisionSettings;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.StreamUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conditions of {@link SupervisionAutoConfiguration}, and what it registers.
 */
class SupervisionAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SupervisionAutoConfiguration.class))
		.withUserConfiguration(Beans.class)
		.withPropertyValues("supervision.trees.ingest.children[0].id=a",
				"supervision.trees.ingest.children[0].bean=worker");

	@Test
	void registryAndOneLifecyclePerTreeArePresent() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SupervisionRegistry.class).hasSingleBean(SupervisionProperties.class);
			assertThat(context.getBean(SupervisionRegistry.class).tree("ingest")).isPresent();
			SmartLifecycle lifecycle = context.getBean("supervisionTree.ingest", SmartLifecycle.class);
			assertThat(lifecycle.isRunning()).isTrue();
			assertThat(lifecycle.getPhase()).isEqualTo(SmartLifecycle.DEFAULT_PHASE - 4096);
		});
	}

	@Test
	void backsOffToAUserDefinedRegistry() {
		this.runner.withUserConfiguration(UserRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(SupervisionRegistry.class);
			assertThat(context.getBean(SupervisionRegistry.class)).isSameAs(context.getBean("userRegistry"));
			assertThat(context.getBean(SupervisionRegistry.class).trees()).isEmpty();
			assertThat(context).doesNotHaveBean("supervisionTree.ingest");
		});
	}

	@Test
	void isDisabledWithSupervisionEnabledFalse() {
		this.runner.withPropertyValues("supervision.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(SupervisionRegistry.class)
				.doesNotHaveBean(SupervisionProperties.class)
				.doesNotHaveBean("supervisionTree.ingest");
		});
	}

	@Test
	void phaseIsConfigurable() {
		this.runner.withPropertyValues("supervision.lifecycle.phase=42").run((context) -> {
			assertThat(context.getBean("supervisionTree.ingest", SmartLifecycle.class).getPhase()).isEqualTo(42);
		});
	}

	@Test
	void configurationMetadataIsGeneratedWithHints() throws Exception {
		String generated = read("META-INF/spring-configuration-metadata.json");
		assertThat(generated).contains("\"supervision.trees\"", "\"supervision.enabled\"",
				"\"supervision.lifecycle.phase\"", "\"supervision.lifecycle.enforce-shutdown-budget\"",
				"\"supervision.handles.wait-timeout\"", "\"supervision.handles.max-waiting\"",
				"Maximum number of callers waiting for one child");
		// The hints and the phase's default come from the additional metadata, merged in.
		assertThat(generated).contains("\"hints\"", "\"defaultValue\": 2147479551");
	}

	private static String read(String location) throws Exception {
		try (InputStream input = new ClassPathResource(location).getInputStream()) {
			return StreamUtils.copyToString(input, java.nio.charset.StandardCharsets.UTF_8);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		@Scope("prototype")
		Worker worker() {
			return (ChildContext context) -> new java.util.concurrent.CountDownLatch(1).await();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRegistry {

		@Bean
		SupervisionRegistry userRegistry(org.springframework.context.ConfigurableApplicationContext context) {
			return new SupervisionRegistry(List.of(),
					new SupervisionSettings(0, false, Duration.ofSeconds(30), Duration.ofSeconds(1), 10, false),
					context, (code) -> {
					});
		}

	}

}
