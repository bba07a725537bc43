package dev.supervisor.spring.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.supervisor.Shutdown;
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
		String property = cause.getName().toString();
		if (!property.startsWith(PREFIX) || findCause(cause, SupervisionConfigurationException.class) != null) {
			return null;
		}
		ConfigurationProperty bound = cause.getProperty();
		Object value = (bound != null) ? bound.getValue() : null;
		Class<?> type = cause.getTarget().getType().resolve(Object.class);
		ConfigurationProblem problem = new ConfigurationProblem(property, value,
				(bound != null) ? bound.getOrigin() : null, reason(cause, type, value), action(type, value));
		SupervisionConfigurationException exception = new SupervisionConfigurationException(List.of(problem));
		return new FailureAnalysis(exception.getDescription(), exception.getAction(), cause);
	}

	private static String reason(BindException cause, Class<?> type, @Nullable Object value) {
		if (type.isEnum()) {
			return "'" + value + "' is not one of " + String.join(", ", kebabCase(type));
		}
		if (type == Shutdown.class) {
			return "'" + value + "' is not a shutdown";
		}
		if (type == Duration.class) {
			return "'" + value + "' is not a duration";
		}
		Throwable root = cause;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return "'" + value + "' cannot be bound to " + type.getSimpleName() + ": " + root.getMessage();
	}

	private static String action(Class<?> type, @Nullable Object value) {
		if (type.isEnum()) {
			List<String> values = kebabCase(type);
			String closest = (value != null)
					? SupervisionKeysCheck.closest(value.toString().trim().toLowerCase(Locale.ROOT).replace('_', '-'),
							values)
					: null;
			return ((closest != null) ? "Did you mean '" + closest + "'? " : "") + "Use one of: "
					+ String.join(", ", values);
		}
		if (type == Shutdown.class) {
			return "Use a duration such as 500ms or 10s, 'infinity' or 'brutal-kill'";
		}
		if (type == Duration.class) {
			return "Use a duration such as 500ms, 5s, 2m or PT5S";
		}
		if (type == int.class || type == Integer.class) {
			return "Use a whole number";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "Use true or false";
		}
		if (type == double.class || type == Double.class) {
			return "Use a number such as 0.2";
		}
		return "Fix the value as the reason says";
	}

	/**
	 * The constants of an enum as the documentation and the metadata write them.
	 * @param type an enum type
	 * @return e.g. {@code one-for-one, one-for-all, rest-for-one}
	 */
	static List<String> kebabCase(Class<?> type) {
		return Arrays.stream(type.getEnumConstants())
			.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.toList();
	}

}
