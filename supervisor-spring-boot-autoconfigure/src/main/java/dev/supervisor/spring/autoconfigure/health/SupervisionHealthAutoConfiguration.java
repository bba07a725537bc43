package dev.supervisor.spring.autoconfigure.health;

import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.actuate.health.SupervisionHealthIndicator;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * the {@link SupervisionHealthIndicator}.
 */
@AutoConfiguration(after = SupervisionAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(SupervisionRegistry.class)
@ConditionalOnEnabledHealthIndicator("supervision")
public final class SupervisionHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "supervisionHealthIndicator")
	SupervisionHealthIndicator supervisionHealthIndicator(SupervisionRegistry registry) {
		return new SupervisionHealthIndicator(registry);
	}

}
