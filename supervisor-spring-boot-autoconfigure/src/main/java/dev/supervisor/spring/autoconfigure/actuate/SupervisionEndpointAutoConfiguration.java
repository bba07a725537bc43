package dev.supervisor.spring.autoconfigure.actuate;

import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.actuate.endpoint.SupervisionEndpoint;
import dev.supervisor.spring.actuate.endpoint.SupervisionSanitizer;
import dev.supervisor.spring.actuate.history.ErrorMasking;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import dev.supervisor.spring.history.SupervisionHistory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * the {@link SupervisionEndpoint} and the {@link SupervisionSanitizer} that decides, for it and
 * any other view of the trees, what readers may see.
 */
@AutoConfiguration(after = SupervisionAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(SupervisionRegistry.class)
@EnableConfigurationProperties(SupervisionEndpointProperties.class)
public final class SupervisionEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SupervisionSanitizer supervisionSanitizer(SupervisionEndpointProperties properties) {
		return new SupervisionSanitizer(properties.getShowDetails(), properties.getRoles());
	}

	@Bean
	@ConditionalOnMissingBean
	ErrorMasking supervisionErrorMasking(SupervisionSanitizer sanitizer) {
		// The event history and the console show exceptions under the endpoint's show-details.
		return ErrorMasking.of(sanitizer);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	SupervisionEndpoint supervisionEndpoint(SupervisionRegistry registry, SupervisionSanitizer sanitizer,
			SupervisionEndpointProperties properties, ObjectProvider<AuditEventRepository> auditEvents,
			ApplicationEventPublisher publisher, ObjectProvider<SupervisionHistory> history, ErrorMasking errorMasking) {
		// Writes become audit events only where the application keeps them.
		return new SupervisionEndpoint(registry, (auditEvents.getIfAvailable() != null) ? publisher : null, sanitizer,
				properties.getMaxNodes(), properties.getMaxConcurrentSnapshots(), history.getIfAvailable(),
				errorMasking);
	}

}
