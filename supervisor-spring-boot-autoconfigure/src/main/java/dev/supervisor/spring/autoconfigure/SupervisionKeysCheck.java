package dev.supervisor.spring.autoconfigure;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.supervisor.SpecValidation;
import dev.supervisor.spring.assembly.ConfigurationProblem;
import dev.supervisor.spring.autoconfigure.NodeTypes.Key;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Child;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Tree;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Finds what binding {@link SupervisionProperties} silently lets through: every key under
 * {@code supervision.} that the node it is written in does not have (a misspelt key, or
 * a key of another kind of node, such as {@code strategy} on a worker), and tree names the
 * binder changes ({@code a/b} bound as {@code ab}). Like Boot's
 * {@code NoUnboundElementsBindHandler}, it walks the names of every property source, and
 * leaves out the elements of a list another source replaced.
 */
final class SupervisionKeysCheck {

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("supervision");

	private static final String TREES = "supervision.trees";

	private final SupervisionProperties properties;

	private final Environment environment;

	SupervisionKeysCheck(SupervisionProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	/**
	 * The problems, at most one per wrong key or tree name, with the origin of a property
	 * written under it.
	 * @return the problems, empty if none
	 */
	List<ConfigurationProblem> problems() {
		Map<String, ConfigurationProblem> problems = new LinkedHashMap<>();
		treeNames(problems);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.stream().filter(ROOT::isAncestorOf).forEach((name) -> {
					Finding finding = new Walk(name).resolve();
					if (finding != null && !problems.containsKey(finding.key())) {
						ConfigurationProperty property = source.getConfigurationProperty(name);
						problems.put(finding.key(), finding.problem(property));
					}
				});
			}
		}
		return new ArrayList<>(problems.values());
	}

	private void treeNames(Map<String, ConfigurationProblem> problems) {
		if (!(this.environment instanceof ConfigurableEnvironment configurable)) {
			return;
		}
		for (PropertySource<?> source : configurable.getPropertySources()) {
			// Environment variables cannot spell a tree name the binder would change.
			if (!(source instanceof EnumerablePropertySource<?> enumerable)
					|| source instanceof SystemEnvironmentPropertySource) {
				continue;
			}
			for (String raw : enumerable.getPropertyNames()) {
				String written = writtenTreeName(raw);
				if (written == null) {
					continue;
				}
				ConfigurationPropertyName adapted = ConfigurationPropertyName.adapt(raw, '.');
				String bound = (adapted.getNumberOfElements() > 2) ? adapted.getElement(2, Form.ORIGINAL) : "";
				String property = TREES + (raw.startsWith(TREES + "[") ? "[" + written + "]" : "." + written);
				if (!written.equals(bound) && !problems.containsKey(property)) {
					Origin origin = (source instanceof OriginLookup<?>) ? origin(source, raw) : null;
					problems.put(property, new ConfigurationProblem(property, null, origin,
							"tree name '" + written + "' would be bound as '" + bound + "': a map key keeps only "
									+ "letters, digits and '-' unless it is written in brackets",
							treeNameAction(written)));
				}
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Origin origin(PropertySource<?> source, String name) {
		return ((OriginLookup<String>) source).getOrigin(name);
	}

	private static boolean isGroup(Class<?> type) {
		return type.getEnclosingClass() == SupervisionProperties.class && !type.isInterface();
	}

	private static @Nullable String writtenTreeName(String raw) {
		if (!raw.startsWith(TREES) || raw.length() == TREES.length()) {
			return null;
		}
		String rest = raw.substring(TREES.length());
		if (rest.startsWith("[")) {
			int end = rest.indexOf(']');
			return (end > 0) ? rest.substring(1, end) : null;
		}
		if (!rest.startsWith(".")) {
			return null;
		}
		int end = 1;
		while (end < rest.length() && rest.charAt(end) != '.' && rest.charAt(end) != '[') {
			end++;
		}
		return rest.substring(1, end);
	}

	private static String treeNameAction(String written) {
		if (SpecValidation.checkId(written) == null) {
			return "Write the key in brackets to keep it as written (in YAML: \"[" + written + "]\":)";
		}
		String suggestion = written.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
		return "Rename the tree" + (suggestion.isEmpty() ? "" : ", e.g. '" + suggestion + "'")
				+ ": a tree name is an id of letters, digits, '.', '_', '@', ':' or '-', starting with a letter or "
				+ "digit; only letters, digits and '-' can be written without brackets";
	}

	/**
	 * The walk of one property name down the bound properties, key by key.
	 */
	private final class Walk {

		private final ConfigurationPropertyName name;

		private Object node = SupervisionKeysCheck.this.properties;

		private String what = "'supervision'";

		private String path = "";

		Walk(ConfigurationPropertyName name) {
			this.name = name;
		}

		@Nullable Finding resolve() {
			int count = this.name.getNumberOfElements();
			int i = 1;
			while (i < count) {
				Key key = NodeTypes.keys(this.node.getClass()).get(this.name.getElement(i, Form.UNIFORM));
				if (key == null) {
					return unknown(i);
				}
				Object value = new BeanWrapperImpl(this.node).getPropertyValue(key.property());
				if (i == count - 1) {
					return null;
				}
				if (value instanceof Map<?, ?> trees) {
					String treeName = this.name.getElement(i + 1, Form.ORIGINAL);
					Object tree = trees.get(treeName);
					if (tree == null) {
						return null;
					}
					this.node = tree;
					this.path = treeName;
					this.what = "tree '" + treeName + "'";
					i += 2;
				}
				else if (value instanceof List<?> children) {
					if (!this.name.isNumericIndex(i + 1)) {
						return null;
					}
					int index = Integer.parseInt(this.name.getElement(i + 1, Form.UNIFORM));
					if (index >= children.size()) {
						// An element of a list that a source of higher priority replaced.
						return null;
					}
					this.node = children.get(index);
					String id = ((Child) this.node).getId();
					this.path = this.path + "/" + ((id != null) ? id : "children[" + index + "]");
					this.what = "child '" + this.path + "'";
					i += 2;
				}
				else if (isGroup(key.type())) {
					if (value == null && Modifier.isAbstract(key.type().getModifiers())) {
						return null;
					}
					// A group is not bound when none of its keys is known: check against its defaults.
					this.node = (value != null) ? value : BeanUtils.instantiateClass(key.type());
					if (value instanceof Child) {
						this.what = "the template of '" + this.path + "'";
						this.path = this.path + "/template";
					}
					else {
						this.what = "'" + this.name.chop(i + 1) + "'";
					}
					i++;
				}
				else {
					return new Finding(this.name.chop(i + 2).toString(), "'" + key.name() + "' of " + this.what
							+ " takes a value, not nested keys", "Set '" + key.name() + "' itself");
				}
			}
			return null;
		}

		private Finding unknown(int i) {
			String written = this.name.getElement(i, Form.ORIGINAL);
			String uniform = this.name.getElement(i, Form.UNIFORM);
			String segment = this.name.chop(i + 1).toString();
			String kind = NodeTypes.kind(this.node.getClass());
			String described = (this.node instanceof Tree || this.node instanceof Child) ? this.what + ", " + kind
					: this.what;
			List<String> valid = NodeTypes.keys(this.node.getClass()).values().stream().map(Key::name).toList();
			String keysHere = "The keys of " + described + " are: " + String.join(", ", valid);
			String owners = NodeTypes.owners(uniform);
			if (owners != null) {
				return new Finding(segment, "'" + written + "' does not apply to " + described + ": it is a key of "
						+ owners, "Remove '" + written + "', or declare the node as one that has it. " + keysHere);
			}
			String closest = closest(written.toLowerCase(Locale.ROOT), valid);
			return new Finding(segment, "unknown key '" + written + "' in " + described,
					((closest != null) ? "Did you mean '" + closest + "'? " : "Remove it. ") + keysHere);
		}

	}

	/**
	 * The key closest to a misspelt one, if close enough to be what was meant.
	 * @param written the key as written, in lower case
	 * @param keys the valid keys
	 * @return the closest key, or {@code null} if none is close
	 */
	static @Nullable String closest(String written, List<String> keys) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String key : keys) {
			int distance = distance(written, key);
			if (distance < bestDistance) {
				best = key;
				bestDistance = distance;
			}
		}
		int allowed = (written.length() <= 4) ? 1 : (written.length() <= 8) ? 2 : 3;
		return (bestDistance <= allowed) ? best : null;
	}

	/**
	 * The edit distance between two strings where swapping two neighbours is one edit
	 * (optimal string alignment), so that {@code restrat} is one edit from
	 * {@code restart}.
	 */
	private static int distance(String a, String b) {
		int[][] d = new int[a.length() + 1][b.length() + 1];
		for (int i = 0; i <= a.length(); i++) {
			d[i][0] = i;
		}
		for (int j = 0; j <= b.length(); j++) {
			d[0][j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
				if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
					d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
				}
			}
		}
		return d[a.length()][b.length()];
	}

	/**
	 * A wrong key: the name of the segment that is wrong (problems are kept once per
	 * segment), and what to say about it.
	 */
	private record Finding(String key, String reason, String action) {

		ConfigurationProblem problem(@Nullable ConfigurationProperty property) {
			Object value = (property != null && property.getName().toString().equals(this.key)) ? property.getValue()
					: null;
			Origin origin = (property != null) ? property.getOrigin() : null;
			return new ConfigurationProblem(this.key, value, origin, this.reason, this.action);
		}

	}

}
