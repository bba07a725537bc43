package dev.supervisor.spring.actuate;

import dev.supervisor.spring.actuate.endpoint.SupervisionEndpoint;
import dev.supervisor.spring.actuate.endpoint.SupervisionSanitizer;
import dev.supervisor.spring.actuate.health.SupervisionHealthContributor;
import dev.supervisor.spring.actuate.health.TreeHealthIndicator;
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
	void theSanitizerIsThereForOtherViewsOfTheTreesEvenWhenTheEndpointIsNotExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(SupervisionEndpoint.class)
				.hasSingleBean(SupervisionSanitizer.class));
	}

	@Test
	void showDetailsAndRolesAreBoundInSpringBootsVocabulary() {
		this.runner
			.withPropertyValues("management.endpoint.supervision.show-details=when-authorized",
					"management.endpoint.supervision.roles=OPS")
			.run((context) -> {
				SupervisionSanitizer sanitizer = context.getBean(SupervisionSanitizer.class);
				assertThat(sanitizer.showsDetails(() -> "ops", "OPS"::equals)).isTrue();
				assertThat(sanitizer.showsDetails(() -> "viewer", "VIEWER"::equals)).isFalse();
				assertThat(sanitizer.showsDetails(null, (role) -> true)).as("anonymous").isFalse();
				assertThat(sanitizer.showsDetailsToEveryone()).isFalse();
			});
	}

	@Test
	void messagesAreMaskedByDefault() {
		this.runner.run((context) -> {
			SupervisionSanitizer sanitizer = context.getBean(SupervisionSanitizer.class);
			assertThat(sanitizer.showsDetails(() -> "ops", (role) -> true)).isFalse();
			assertThat(sanitizer.userText("secret", false)).isEqualTo(SupervisionSanitizer.MASK);
		});
	}

	@Test
	void aNodeBudgetBelowOneFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("management.endpoint.supervision.max-nodes=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("must be at least 1"));
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
	void healthHasOneContributorPerTree() {
		this.runner.run((context) -> {
			SupervisionHealthContributor health = context.getBean(SupervisionHealthContributor.class);
			assertThat(health.stream()).extracting((entry) -> entry.name()).containsExactly("ops");
			assertThat(health.getContributor("ops")).isInstanceOf(TreeHealthIndicator.class);
			assertThat(health.getContributor("nope")).isNull();
		});
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
