package dev.supervisor.spring.autoconfigure.web.servlet;

import java.util.function.Supplier;

import dev.supervisor.spring.actuate.endpoint.SupervisionEndpoint;
import dev.supervisor.spring.web.servlet.JacksonWriteBodies;
import dev.supervisor.spring.web.servlet.SupervisionEndpointRequestFilter;
import dev.supervisor.spring.web.servlet.SupervisionEndpointWriteFilter;
import dev.supervisor.spring.web.servlet.WriteRefusals;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The {@link SupervisionEndpointRequestFilter} and the {@link SupervisionEndpointWriteFilter} in
 * the context that serves the actuator (the application's, or the management server's own when
 * it has a port of its own); the writes they refuse are logged and audited by the endpoint.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ OncePerRequestFilter.class, FilterRegistrationBean.class })
@ConditionalOnBean(SupervisionEndpoint.class)
public final class SupervisionEndpointRequestFilterConfiguration {

	private static final EndpointId SUPERVISION = EndpointId.of("supervision");

	@Bean
	FilterRegistrationBean<SupervisionEndpointRequestFilter> supervisionEndpointRequestFilter(
			ObjectProvider<PathMappedEndpoints> endpoints, ObjectProvider<SupervisionEndpoint> endpoint) {
		SupervisionEndpointRequestFilter filter = new SupervisionEndpointRequestFilter(path(endpoints),
				refusals(endpoint));
		FilterRegistrationBean<SupervisionEndpointRequestFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(SupervisionEndpointRequestFilter.ORDER);
		return registration;
	}

	@Bean
	FilterRegistrationBean<SupervisionEndpointWriteFilter> supervisionEndpointWriteFilter(
			ObjectProvider<PathMappedEndpoints> endpoints, ObjectProvider<SupervisionEndpoint> endpoint) {
		boolean jackson = ClassUtils.isPresent("tools.jackson.core.json.JsonFactory",
				SupervisionEndpointRequestFilterConfiguration.class.getClassLoader());
		// The endpoint's own operations say whether its access allows writes.
		SupervisionEndpointWriteFilter filter = new SupervisionEndpointWriteFilter(path(endpoints), () -> {
			PathMappedEndpoints mapped = endpoints.getIfAvailable();
			return mapped != null && mapped.getEndpoint(SUPERVISION) instanceof ExposableWebEndpoint web
					&& web.getOperations().stream().anyMatch((operation) -> operation.getType() == OperationType.WRITE);
		}, jackson ? new JacksonWriteBodies() : null, refusals(endpoint));
		FilterRegistrationBean<SupervisionEndpointWriteFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(SupervisionEndpointWriteFilter.ORDER);
		return registration;
	}

	private static Supplier<@Nullable String> path(ObjectProvider<PathMappedEndpoints> endpoints) {
		return () -> {
			PathMappedEndpoints mapped = endpoints.getIfAvailable();
			return (mapped != null) ? mapped.getPath(SUPERVISION) : null;
		};
	}

	private static WriteRefusals refusals(ObjectProvider<SupervisionEndpoint> endpoint) {
		return (request, path, action, status, message) -> endpoint.ifAvailable(
				(supervision) -> supervision.refused(path, action, request.getUserPrincipal(), status, message));
	}

}
