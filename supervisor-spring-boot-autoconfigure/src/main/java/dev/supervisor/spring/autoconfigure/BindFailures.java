package dev.supervisor.spring.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.supervisor.Shutdown;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Backoff;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Child;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Tree;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.core.convert.ConversionException;

/**
 * What to say about a value under {@code supervision.} that cannot be bound: the value as
 * written, what the property takes, and a concrete fix (the valid values of an enum as the
 * documentation writes them, {@code one-for-all}; a duration with its unit; a child
 * written as a mapping).
 */
final class BindFailures {

	private BindFailures() {
	}

	/**
	 * What is wrong and what to do.
	 *
	 * @param reason what is wrong
	 * @param action what to do about it
	 */
	record Description(String reason, String action) {

	}

	/**
	 * Describes a value that cannot be bound.
	 * @param name the property's name
	 * @param type the type it is bound to
	 * @param value the value as written, or {@code null} if the property has only nested
	 * keys
	 * @param error what the binder threw
	 * @return the description
	 */
	static Description describe(ConfigurationPropertyName name, Class<?> type, @Nullable Object value,
			Throwable error) {
		String quoted = (value != null) ? "'" + value + "'" : "The value";
		String key = name.getLastElement(Form.ORIGINAL);
		if (!isConversionFailure(error)) {
			// A setter refused the value: its message says why.
			return new Description(quoted + " is refused: " + rootMessage(error),
					"Change '" + key + "' to a value the reason allows");
		}
		if (type.isEnum()) {
			List<String> values = kebabCase(type);
			String closest = (value != null) ? SupervisionKeysCheck
				.closest(value.toString().trim().toLowerCase(Locale.ROOT).replace('_', '-'), values) : null;
			return new Description(quoted + " is not one of " + String.join(", ", values),
					((closest != null) ? "Did you mean '" + closest + "'? " : "") + "Use one of: "
							+ String.join(", ", values));
		}
		if (type == Shutdown.class) {
			return new Description(quoted + " is not a shutdown", (isNumber(value)
					? "A duration needs its unit: use " + value + "ms or " + value + "s, " : "Use a duration such as 500ms "
							+ "or 10s, ")
					+ "'infinity' or 'brutal-kill'");
		}
		if (type == Duration.class) {
			return new Description(quoted + " is not a duration", "Use a duration with its unit, such as 500ms, 5s, "
					+ "2m, 1h or 1d (or ISO-8601, PT5S)");
		}
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
			return new Description(quoted + " is not a whole number", "Use a whole number, such as 3");
		}
		if (type == boolean.class || type == Boolean.class) {
			return new Description(quoted + " is not a boolean", "Use true or false");
		}
		if (type == double.class || type == Double.class) {
			return new Description(quoted + " is not a number", "Use a number such as 0.2");
		}
		if (Child.class.isAssignableFrom(type)) {
			String what = key.equals("template") ? "a template" : "a child";
			return new Description(quoted + " is a single value, but " + what + " is a mapping of keys",
					"Write " + what + " as a mapping, e.g. { id: " + example(value) + ", bean: " + example(value)
							+ " } (in YAML, '- id: " + example(value) + "' with 'bean: " + example(value)
							+ "' below it); 'id' is only for children");
		}
		if (Tree.class.isAssignableFrom(type)) {
			return new Description(quoted + " is a single value, but tree '" + key + "' is a mapping of keys",
					"Write the tree as a mapping, e.g. " + key + ": { children: [ { id: worker, bean: worker } ] }, "
							+ "or remove it");
		}
		if (type == Backoff.class) {
			return new Description(quoted + " is a single value, but 'backoff' is a mapping of keys",
					"Write it as a mapping, e.g. backoff: { initial: 100ms, max: 30s }");
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return new Description(quoted + " cannot be bound to '" + key + "', a list", listAction(name, null));
		}
		if (Map.class.isAssignableFrom(type)) {
			return new Description(quoted + " is a single value, but '" + key + "' is a mapping of names to values",
					"Write it as a mapping: one key per entry");
		}
		if (type.getEnclosingClass() == SupervisionProperties.class) {
			return new Description(quoted + " is a single value, but '" + key + "' is a group of settings",
					"Write the settings under it as keys, e.g. " + key + ": { ... }");
		}
		return new Description(quoted + " cannot be bound: " + rootMessage(error),
				"Use a value of type " + type.getSimpleName());
	}

	/**
	 * What to do about a list written in another shape.
	 * @param name the list's name
	 * @param target the list's bindable, if known
	 * @return the action
	 */
	static String listAction(ConfigurationPropertyName name, @Nullable Bindable<?> target) {
		if (name.getLastElement(Form.DASHED).equals("children")) {
			return "Write 'children' as a list of mappings, each child an item with its id: in YAML '- id: a' "
					+ "with 'bean: a' below it, or children: [ { id: a, bean: a } ]; in a properties file "
					+ name + "[0].id=a";
		}
		return "Write it as a list: in YAML '- ' items or [a, b]; in a properties file " + name + "[0]=a";
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

	private static boolean isConversionFailure(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConversionException) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable String rootMessage(Throwable error) {
		Throwable root = error;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root.getMessage();
	}

	private static boolean isNumber(@Nullable Object value) {
		return value != null && value.toString().trim().matches("-?\\d+(\\.\\d+)?");
	}

	private static String example(@Nullable Object value) {
		return (value != null && value.toString().matches("[A-Za-z0-9][A-Za-z0-9._@:-]*")) ? value.toString() : "a";
	}

}
