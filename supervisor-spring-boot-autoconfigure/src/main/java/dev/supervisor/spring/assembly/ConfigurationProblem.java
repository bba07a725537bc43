package dev.supervisor.spring.assembly;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One problem in the declaration of the trees.
 *
 * @param property the property concerned, e.g.
 * {@code supervision.trees.ingest.children[0].shutdown}, or a description of the
 * declaration such as {@code bean 'ingest'}
 * @param value the property's value, if known
 * @param origin where the value comes from (file and line), if known
 * @param reason what is wrong
 * @param action what to do about it
 */
public record ConfigurationProblem(String property, @Nullable Object value, @Nullable Object origin, String reason,
		String action) {

	/**
	 * Checks that the property, reason and action are set.
	 * @param property the property concerned, e.g. {@code supervision.trees.ingest.children[0].shutdown}, or
	 * a description of the declaration such as {@code bean 'ingest'}
	 * @param value the property's value, if known
	 * @param origin where the value comes from (file and line), if known
	 * @param reason what is wrong
	 * @param action what to do about it
	 */
	public ConfigurationProblem {
		Objects.requireNonNull(property, "property");
		Objects.requireNonNull(reason, "reason");
		Objects.requireNonNull(action, "action");
	}

	/**
	 * A problem without a known value or origin.
	 * @param property the property concerned
	 * @param reason what is wrong
	 * @param action what to do about it
	 * @return the problem
	 */
	public static ConfigurationProblem of(String property, String reason, String action) {
		return new ConfigurationProblem(property, null, null, reason, action);
	}

}
