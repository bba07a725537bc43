package dev.supervisor.spring.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.supervisor.spring.assembly.ConfigurationProblem;
import dev.supervisor.spring.assembly.SupervisionConfigurationException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;

/**
 * Binds the properties under {@code supervision.} and {@code management.endpoint.supervision.}
 * strictly, and collects every problem instead of stopping at the first: a value that
 * cannot be bound, a value out of its bounds ({@link PropertyBounds}), a list written as a
 * mapping or a mapping written as a list. A value with a problem is left unbound (its
 * default stays) and binding goes on, so all problems are reported together: those of
 * {@link SupervisionProperties} with the problems of the trees, when the trees are
 * assembled; those of other properties when their binding ends.
 */
final class StrictBindHandler extends AbstractBindHandler {

	private static final List<ConfigurationPropertyName> ROOTS = List.of(ConfigurationPropertyName.of("supervision"),
			ConfigurationPropertyName.of("management.endpoint.supervision"));

	private final List<ConfigurationProblem> problems = new ArrayList<>();

	private final boolean throwAtEnd;

	/**
	 * Creates a handler that throws a {@link SupervisionConfigurationException} at the end
	 * of a binding with problems (unless it binds {@link SupervisionProperties}, which
	 * keep their problems for the assembly of the trees).
	 * @param parent the handler to delegate to
	 */
	StrictBindHandler(BindHandler parent) {
		this(parent, true);
	}

	/**
	 * Creates a handler.
	 * @param parent the handler to delegate to
	 * @param throwAtEnd whether to throw at the end of a binding with problems, rather
	 * than leave them to {@link #problems()}
	 */
	StrictBindHandler(BindHandler parent, boolean throwAtEnd) {
		super(parent);
		this.throwAtEnd = throwAtEnd;
	}

	/**
	 * The problems found so far.
	 * @return the problems, in the order they were found
	 */
	List<ConfigurationProblem> problems() {
		return List.copyOf(this.problems);
	}

	@Override
	public @Nullable Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
			Object result) {
		if (isOurs(name)) {
			PropertyBounds.Violation violation = PropertyBounds.check(name, result);
			if (violation != null) {
				ConfigurationProperty property = find(name, context);
				this.problems.add(new ConfigurationProblem(name.toString(), valueOf(property, result),
						(property != null) ? property.getOrigin() : null, violation.reason(), violation.action()));
				// Left unbound: the default stays, and nothing downstream reports it again.
				return null;
			}
		}
		return super.onSuccess(name, target, context, result);
	}

	@Override
	public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
			Exception error) throws Exception {
		if (!isOurs(name) || error instanceof SupervisionConfigurationException) {
			return super.onFailure(name, target, context, error);
		}
		ConfigurationProperty property = find(name, context);
		ConfigurationProperty written = (property != null) ? property : firstDescendant(name, context);
		Object value = (property != null) ? property.getValue() : null;
		Class<?> type = target.getType().resolve(Object.class);
		BindFailures.Description description = BindFailures.describe(name, type, value, error);
		this.problems.add(new ConfigurationProblem(name.toString(), value,
				(written != null) ? written.getOrigin() : null, description.reason(), description.action()));
		return null;
	}

	@Override
	public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
			@Nullable Object result) throws Exception {
		if (isOurs(name)) {
			checkShape(name, target, context);
		}
		super.onFinish(name, target, context, result);
		if (context.getDepth() == 0 && !this.problems.isEmpty()) {
			Object bound = (result != null) ? result
					: Optional.ofNullable(target.getValue()).map(java.util.function.Supplier::get).orElse(null);
			if (bound instanceof SupervisionProperties properties) {
				properties.addBindingProblems(this.problems);
				this.problems.clear();
			}
			else if (this.throwAtEnd) {
				throw new SupervisionConfigurationException(this.problems);
			}
		}
	}

	/**
	 * A list is bound from indexed keys ({@code children[0]}, or {@code - } items in YAML),
	 * a mapping from named keys: keys of the other shape are not bound at all, silently
	 * (Boot's binder skips them), so they are reported here.
	 */
	private void checkShape(ConfigurationPropertyName name, Bindable<?> target, BindContext context) {
		Class<?> type = target.getType().resolve(Object.class);
		boolean list = Collection.class.isAssignableFrom(type) || type.isArray();
		boolean map = Map.class.isAssignableFrom(type);
		if (!list && !map) {
			return;
		}
		int depth = name.getNumberOfElements();
		for (ConfigurationPropertySource source : context.getSources()) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			Optional<ConfigurationPropertyName> wrong = iterable.stream()
				.filter(name::isAncestorOf)
				.filter((descendant) -> list ? !isIndex(descendant, depth) : isListIndex(name, descendant))
				.findFirst();
			if (wrong.isPresent()) {
				ConfigurationProperty written = source.getConfigurationProperty(wrong.get());
				String key = name.getLastElement(Form.ORIGINAL);
				String reason = list
						? "'" + key + "' is a list, but it is written as a mapping (with the key '"
								+ wrong.get().getElement(depth, Form.ORIGINAL) + "'), so none of it would be bound"
						: "'" + key + "' is a mapping of names to values, but it is written as a list, so its "
								+ "entries would be named 0, 1, ...";
				String action = list ? BindFailures.listAction(name, target) : "Write it as a mapping: one key per "
						+ "entry (in YAML 'name:' lines, not '- ' items)";
				this.problems.add(new ConfigurationProblem(name.toString(), null,
						(written != null) ? written.getOrigin() : null, reason, action));
				return;
			}
		}
	}

	private static boolean isIndex(ConfigurationPropertyName descendant, int element) {
		return descendant.getElement(element, Form.UNIFORM).chars().allMatch(Character::isDigit);
	}

	private static boolean isListIndex(ConfigurationPropertyName name, ConfigurationPropertyName descendant) {
		// Only a bracketed number is a list item (YAML '- '); 'trees.0' is a tree named 0.
		String rest = descendant.toString().substring(name.toString().length());
		return rest.matches("\\[\\d+\\].*");
	}

	private static boolean isOurs(ConfigurationPropertyName name) {
		for (ConfigurationPropertyName root : ROOTS) {
			if (root.equals(name) || root.isAncestorOf(name)) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable ConfigurationProperty find(ConfigurationPropertyName name, BindContext context) {
		ConfigurationProperty current = context.getConfigurationProperty();
		if (current != null && current.getName().equals(name)) {
			return current;
		}
		for (ConfigurationPropertySource source : context.getSources()) {
			ConfigurationProperty property = source.getConfigurationProperty(name);
			if (property != null) {
				return property;
			}
		}
		return null;
	}

	private static @Nullable ConfigurationProperty firstDescendant(ConfigurationPropertyName name,
			BindContext context) {
		for (ConfigurationPropertySource source : context.getSources()) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				Optional<ConfigurationPropertyName> first = iterable.stream().filter(name::isAncestorOf).findFirst();
				if (first.isPresent()) {
					return source.getConfigurationProperty(first.get());
				}
			}
		}
		return null;
	}

	private static Object valueOf(@Nullable ConfigurationProperty property, Object result) {
		return (property != null && property.getValue() != null) ? property.getValue() : result;
	}

}
