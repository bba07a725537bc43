package dev.supervisor.spring.actuate.console;

import java.util.Map;

import org.springframework.web.method.HandlerTypePredicate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Maps the {@link ConsoleController} under {@code <endpoint path>/_console}, ahead of the
 * actuator's own mapping (which would read {@code _console} as a node's path), and nothing else.
 */
public final class ConsoleHandlerMapping extends RequestMappingHandlerMapping {

	/** Ahead of the actuator endpoints' mapping (order -100). */
	static final int ORDER = -150;

	private final ConsoleController controller;

	/**
	 * @param endpointPath the supervision endpoint's path, e.g. {@code /actuator/supervision}
	 * @param controller the console
	 */
	public ConsoleHandlerMapping(String endpointPath, ConsoleController controller) {
		this.controller = controller;
		setOrder(ORDER);
		String prefix = (endpointPath.endsWith("/") ? endpointPath : endpointPath + "/") + ConsoleController.SEGMENT;
		setPathPrefixes(Map.of(prefix, HandlerTypePredicate.forAssignableType(ConsoleController.class)));
	}

	@Override
	protected void initHandlerMethods() {
		detectHandlerMethods(this.controller);
	}

	@Override
	protected boolean isHandler(Class<?> beanType) {
		return false;
	}

}
