package dev.supervisor.spring.autoconfigure.console;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;

import dev.supervisor.Threads;
import dev.supervisor.spring.actuate.console.ConsoleController;
import dev.supervisor.spring.actuate.console.ConsoleHandlerMapping;
import dev.supervisor.spring.actuate.console.ConsoleStreams;
import dev.supervisor.spring.actuate.endpoint.SupervisionEndpoint;
import dev.supervisor.spring.actuate.endpoint.SupervisionSanitizer;
import dev.supervisor.spring.actuate.history.ErrorMasking;
import dev.supervisor.spring.autoconfigure.SupervisionProperties;
import dev.supervisor.spring.history.SupervisionHistory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * {@link ManagementContextConfiguration @ManagementContextConfiguration} for the operators' web
 * console: off unless {@code supervision.console.enabled=true}, served by Spring MVC under the
 * supervision endpoint's path (so whatever secures the endpoint secures the console), in the
 * management context (on the management port when there is one).
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, JsonMapper.class })
@ConditionalOnBooleanProperty("supervision.console.enabled")
@ConditionalOnAvailableEndpoint(endpoint = SupervisionEndpoint.class, exposure = EndpointExposure.WEB)
@ConditionalOnBean(SupervisionHistory.class)
public final class SupervisionConsoleManagementContextConfiguration {

	@Bean
	ConsoleStreams supervisionConsoleStreams(SupervisionHistory history, SupervisionProperties properties,
			ObjectProvider<EndpointJsonMapper> endpointJsonMapper, Environment environment) {
		// Its bounds are checked, all at once, as the properties are bound (PropertyBounds).
		SupervisionProperties.Console console = properties.getConsole();
		Duration heartbeat = console.getHeartbeat();
		// The same JSON as the endpoint's: one spelling for every field.
		EndpointJsonMapper mapper = endpointJsonMapper.getIfAvailable();
		JsonMapper json = (mapper != null) ? mapper.get() : JsonMapper.builder().build();
		ThreadFactory threads = (Threading.VIRTUAL.isActive(environment) && Threads.virtualAvailable())
				? Threads.virtual() : Threads.platform();
		return new ConsoleStreams(history, json::writeValueAsString, console.getMaxClients(),
				console.getClientBuffer(), heartbeat, threads);
	}

	@Bean
	ConsoleHandlerMapping supervisionConsoleHandlerMapping(ConsoleStreams streams, PathMappedEndpoints endpoints,
			SupervisionHistory history, ObjectProvider<ErrorMasking> errorMasking) {
		EndpointId id = EndpointId.of("supervision");
		// The endpoint's own operations say whether its access allows writes.
		boolean writable = endpoints.getEndpoint(id) instanceof ExposableWebEndpoint endpoint
				&& endpoint.getOperations().stream().anyMatch((operation) -> operation.getType() == OperationType.WRITE);
		String path = endpoints.getPath(id);
		if (path == null) {
			path = endpoints.getBasePath() + "/supervision";
		}
		return new ConsoleHandlerMapping(path, new ConsoleController(streams,
				errorMasking.getIfAvailable(() -> ErrorMasking.of(SupervisionSanitizer.masking())), writable, history.size()));
	}

}
