package dev.supervisor.spring.autoconfigure;

import java.util.List;

import dev.supervisor.spring.assembly.ConfigurationProblem;
import dev.supervisor.spring.assembly.SupervisionConfigurationException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.annotation.Order;

/**
 * {@link FailureAnalyzer} for a value under {@code supervision.} that cannot be bound (an
 * unknown strategy, a shutdown that is not one): the property, its value and origin, and
 * the values that are valid, written as the documentation writes them
 * ({@code one-for-all}, not {@code ONE_FOR_ALL}). Ordered before Boot's own
 * {@code BindFailureAnalyzer}, which analyzes every other binding failure.
 */
@Order(0)
class SupervisionBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

	private static final String PREFIX = "supervision.";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		// Problems collected while binding (StrictBindHandler), all at once.
		SupervisionConfigurationException collected = findCause(cause, SupervisionConfigurationException.class);
		if (collected != null) {
			return new FailureAnalysis(collected.getDescription(), collected.getAction(), collected);
		}
		String property = cause.getName().toString();
		if (!property.startsWith(PREFIX)) {
			return null;
		}
		ConfigurationProperty bound = cause.getProperty();
		Object value = (bound != null) ? bound.getValue() : null;
		Class<?> type = cause.getTarget().getType().resolve(Object.class);
		BindFailures.Description description = BindFailures.describe(cause.getName(), type, value, cause);
		ConfigurationProblem problem = new ConfigurationProblem(property, value,
				(bound != null) ? bound.getOrigin() : null, description.reason(), description.action());
		SupervisionConfigurationException exception = new SupervisionConfigurationException(List.of(problem));
		return new FailureAnalysis(exception.getDescription(), exception.getAction(), cause);
	}

}
