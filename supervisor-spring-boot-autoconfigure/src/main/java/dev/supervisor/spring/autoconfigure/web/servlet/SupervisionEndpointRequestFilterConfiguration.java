package dev.supervisor.spring.autoconfigure.web.servlet;

import dev.supervisor.spring.actuate.endpoint.SupervisionEndpoint;
import dev.supervisor.spring.web.servlet.JacksonDuplicateFields;
import dev.supervisor.spring.web.servlet.SupervisionEndpointRequestFilter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The {@link SupervisionEndpointRequestFilter} in the context that serves the actuator (the
 * application's, or the management server's own when it has a port of its own).
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ OncePerRequestFilter.class, FilterRegistrationBean.class })
@ConditionalOnBean(SupervisionEndpoint.class)
public final class SupervisionEndpointRequestFilterConfiguration {

	private static final EndpointId SUPERVISION = EndpointId.of("supervision");

	@Bean
	FilterRegistrationBean<SupervisionEndpointRequestFilter> supervisionEndpointRequestFilter(
			ObjectProvider<PathMappedEndpoints> endpoints) {
		boolean jackson = ClassUtils.isPresent("tools.jackson.core.json.JsonFactory",
				SupervisionEndpointRequestFilterConfiguration.class.getClassLoader());
		SupervisionEndpointRequestFilter filter = new SupervisionEndpointRequestFilter(() -> {
			PathMappedEndpoints mapped = endpoints.getIfAvailable();
			return (mapped != null) ? mapped.getPath(SUPERVISION) : null;
		}, jackson ? new JacksonDuplicateFields() : null);
		FilterRegistrationBean<SupervisionEndpointRequestFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(SupervisionEndpointRequestFilter.ORDER);
		return registration;
	}

}
