package dev.supervisor.spring.actuate;

import dev.supervisor.spring.actuate.endpoint.SupervisionEndpoint;
import dev.supervisor.spring.actuate.endpoint.SupervisionSanitizer;
import dev.supervisor.spring.actuate.health.SupervisionHealthContributor;
import dev.supervisor.spring.actuate.metrics.SupervisionMetrics;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import dev.supervisor.spring.autoconfigure.actuate.SupervisionEndpointAutoConfiguration;
import dev.supervisor.spring.autoconfigure.health.SupervisionHealthAutoConfiguration;
import dev.supervisor.spring.autoconfigure.metrics.SupervisionMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per condition of the endpoint, health and metrics auto-configurations.
 */
class SupervisionOperationsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withInitializer((context) -> context.getEnvironment().setConversionService(new ApplicationConversionService()))
		.withConfiguration(AutoConfigurations.of(SupervisionAutoConfiguration.class,
				SupervisionEndpointAutoConfiguration.class, SupervisionHealthAutoConfiguration.class,
				SupervisionMetricsAutoConfiguration.class))
		.withUserConfiguration(TestChildren.class)
		.withPropertyValues(OperatedApp.TREE);

	@Test
	void endpointHealthAndMetricsArePresentByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(SupervisionEndpoint.class)
			.hasSingleBean(SupervisionHealthContributor.class)
			.hasBean("supervisionHealthContributor")
			.hasSingleBean(SupervisionMetrics.class));
	}

	@Test
	void endpointIsAbsentWhenNotExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(SupervisionEndpoint.class));
	}

	@Test
	void endpointIsAbsentWhenItsAccessIsNone() {
		this.runner.withPropertyValues("management.endpoint.supervision.access=none")
			.run((context) -> assertThat(context).doesNotHaveBean(SupervisionEndpoint.class));
	}

	@Test
	void healthIndicatorIsAbsentWhenDisabled() {
		this.runner.withPropertyValues("management.health.supervision.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SupervisionHealthContributor.class));
	}

	@Test
	void eachPartBacksOffWithoutItsLibrary() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class, HealthIndicator.class, MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SupervisionEndpoint.class)
				.doesNotHaveBean(SupervisionHealthContributor.class)
				.doesNotHaveBean(SupervisionMetrics.class));
	}

	@Test
	void nothingIsConfiguredWhenSupervisionIsDisabled() {
		this.runner.withPropertyValues("supervision.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SupervisionEndpoint.class)
				.doesNotHaveBean(SupervisionHealthContributor.class)
				.doesNotHaveBean(SupervisionMetrics.class));
	}

	@Test
	void userBeansTakePrecedence() {
		this.runner.withUserConfiguration(Custom.class)
			.run((context) -> assertThat(context).getBean(SupervisionEndpoint.class).isSameAs(Custom.ENDPOINT));
	}

	@Configuration(proxyBeanMethods = false)
	static class Custom {

		static SupervisionEndpoint ENDPOINT;

		@Bean
		SupervisionEndpoint customEndpoint(dev.supervisor.spring.SupervisionRegistry registry) {
			ENDPOINT = new SupervisionEndpoint(registry, null);
			return ENDPOINT;
		}

	}

}
