package dev.supervisor.spring.autoconfigure.metrics;

import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.actuate.metrics.SupervisionMetrics;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * the {@link SupervisionMetrics}: a {@code MeterBinder} bean is bound to every registry.
 */
@AutoConfiguration(after = SupervisionAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(SupervisionRegistry.class)
public final class SupervisionMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SupervisionMetrics supervisionMetrics(SupervisionRegistry registry) {
		return new SupervisionMetrics(registry);
	}

}
