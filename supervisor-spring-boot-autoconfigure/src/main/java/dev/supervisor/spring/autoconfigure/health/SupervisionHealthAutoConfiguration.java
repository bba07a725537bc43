package dev.supervisor.spring.autoconfigure.health;

import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.actuate.endpoint.SupervisionEndpoint;
import dev.supervisor.spring.actuate.endpoint.SupervisionSanitizer;
import dev.supervisor.spring.actuate.health.SupervisionHealthContributor;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import dev.supervisor.spring.autoconfigure.actuate.SupervisionEndpointAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * the {@link SupervisionHealthContributor}.
 */
@AutoConfiguration(after = { SupervisionAutoConfiguration.class, SupervisionEndpointAutoConfiguration.class })
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(SupervisionRegistry.class)
@ConditionalOnEnabledHealthIndicator("supervision")
public final class SupervisionHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "supervisionHealthContributor")
	SupervisionHealthContributor supervisionHealthContributor(SupervisionRegistry registry,
			ObjectProvider<SupervisionSanitizer> sanitizer) {
		// Without the actuator's endpoint support, messages stay masked: the default.
		return new SupervisionHealthContributor(registry, sanitizer.getIfAvailable(SupervisionSanitizer::masking),
				SupervisionEndpoint.DEFAULT_MAX_NODES);
	}

}
