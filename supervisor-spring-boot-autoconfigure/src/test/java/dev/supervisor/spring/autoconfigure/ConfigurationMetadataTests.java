package dev.supervisor.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.supervisor.Shutdown;
import dev.supervisor.spring.assembly.ChildType;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Backoff;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Child;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Handles;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Lifecycle;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapperImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata IDEs complete YAML from covers every key a user may write:
 * the keys of every kind of node, at the root of a tree, on its children and template and
 * one level further down (deeper levels take the same keys), with the type, default and
 * value hints of the property types the keys bind to. The metadata is what the build
 * packages: the processor's output merged with
 * {@code additional-spring-configuration-metadata.json}.
 */
class ConfigurationMetadataTests {

	/** The scopes of nested keys and the property types a node there may be bound to. */
	static final Map<String, Scope> SCOPES = scopes();

	private static final JsonNode METADATA = metadata();

	@Test
	void everyKeyAUserMayWriteHasMetadataOfItsType() {
		Map<String, JsonNode> properties = properties();
		List<String> missing = new ArrayList<>();
		expected().forEach((name, expected) -> {
			JsonNode property = properties.get(name);
			if (property == null) {
				missing.add(name);
				return;
			}
			assertThat(property.path("type").asString()).as("type of %s", name).isEqualTo(expected.type());
			assertThat(property.path("description").asString()).as("description of %s", name).isNotBlank();
		});
		assertThat(missing).as("keys without metadata").isEmpty();
	}

	@Test
	void everyPropertyInTheMetadataIsAKeyOfSomeNode() {
		Set<String> expected = expected().keySet();
		List<String> unknown = properties().keySet()
			.stream()
			.filter((name) -> name.startsWith("supervision."))
			.filter((name) -> !expected.contains(name))
			.toList();
		assertThat(unknown).as("metadata for keys no node has").isEmpty();
	}

	@Test
	void defaultsInTheMetadataAreThoseOfThePropertyTypes() {
		Map<String, JsonNode> properties = properties();
		expected().forEach((name, expected) -> {
			if (!properties.containsKey(name)) {
				return; // reported by everyKeyAUserMayWriteHasMetadataOfItsType
			}
			JsonNode defaultValue = properties.get(name).get("defaultValue");
			if (expected.defaultValue() == null) {
				assertThat(defaultValue).as("default of %s, which has none or one per kind of node", name).isNull();
			}
			else {
				assertThat(defaultValue).as("default of %s", name).isNotNull();
				if (defaultValue.isNumber()) {
					assertThat(defaultValue.decimalValue()).as("default of %s", name)
						.isEqualByComparingTo(expected.defaultValue());
				}
				else {
					assertThat(defaultValue.asString()).as("default of %s", name).isEqualTo(expected.defaultValue());
				}
			}
		});
	}

	@Test
	void enumValuesAreHintedInKebabCase() {
		Map<String, JsonNode> hints = hints();
		expected().forEach((name, expected) -> {
			if (!expected.javaType().isEnum()) {
				return;
			}
			JsonNode hint = hints.get(name);
			assertThat(hint).as("hint of %s", name).isNotNull();
			List<String> values = new ArrayList<>();
			hint.path("values").forEach((value) -> {
				values.add(value.path("value").asString());
				assertThat(value.path("description").asString()).as("description of %s in %s", value, name)
					.isNotBlank();
			});
			List<String> constants = BindFailures.kebabCase(expected.javaType());
			if (expected.javaType() == ChildType.class) {
				// Not 'auto': leaving the type out says that.
				assertThat(constants).as("types of %s", name).containsAll(values);
				assertThat(values).doesNotContain("auto");
			}
			else {
				assertThat(values).as("values of %s", name).isEqualTo(constants);
			}
		});
	}

	@Test
	void shutdownsAreHintedWithInfinityAndBrutalKill() {
		Map<String, JsonNode> hints = hints();
		expected().forEach((name, expected) -> {
			if (expected.javaType() == Shutdown.class) {
				List<String> values = new ArrayList<>();
				hints.get(name).path("values").forEach((value) -> values.add(value.path("value").asString()));
				assertThat(values).as("values of %s", name).contains("infinity", "brutal-kill");
			}
		});
	}

	@Test
	void healthIndicatorSwitchHasMetadata() {
		JsonNode property = properties().get("management.health.supervision.enabled");
		assertThat(property).isNotNull();
		assertThat(property.path("type").asString()).isEqualTo("java.lang.Boolean");
		assertThat(property.path("defaultValue").asBoolean()).isTrue();
	}

	/**
	 * Every key a user may write with its expected metadata: the processor's keys of
	 * {@link SupervisionProperties} and the keys of every kind of node in every scope.
	 * @return the keys by full name, sorted
	 */
	static Map<String, Expected> expected() {
		Map<String, Expected> expected = new java.util.TreeMap<>();
		expected.put("supervision.enabled", Expected.of(SupervisionProperties.class, "enabled"));
		expected.put("supervision.trees", new Expected("java.util.Map<java.lang.String,"
				+ SupervisionProperties.Tree.class.getName() + ">", Map.class, null, List.of()));
		NodeTypes.keys(Lifecycle.class)
			.values()
			.forEach((key) -> expected.put("supervision.lifecycle." + key.name(),
					Expected.of(Lifecycle.class, key.name())));
		NodeTypes.keys(Handles.class)
			.values()
			.forEach((key) -> expected.put("supervision.handles." + key.name(), Expected.of(Handles.class, key.name())));
		NodeTypes.keys(SupervisionProperties.History.class)
			.values()
			.forEach((key) -> expected.put("supervision.history." + key.name(),
					Expected.of(SupervisionProperties.History.class, key.name())));
		NodeTypes.keys(SupervisionProperties.Console.class)
			.values()
			.forEach((key) -> expected.put("supervision.console." + key.name(),
					Expected.of(SupervisionProperties.Console.class, key.name())));
		NodeTypes.keys(SupervisionProperties.Cluster.class)
			.values()
			.forEach((key) -> expected.put("supervision.cluster." + key.name(),
					Expected.of(SupervisionProperties.Cluster.class, key.name())));
		SCOPES.forEach((prefix, scope) -> {
			for (Class<?> type : scope.types()) {
				for (NodeTypes.Key key : NodeTypes.keys(type).values()) {
					if (scope.template() && key.name().equals("id")) {
						continue;
					}
					if (key.type() == Backoff.class) {
						for (NodeTypes.Key backoff : NodeTypes.keys(Backoff.class).values()) {
							expected.merge(prefix + ".backoff." + backoff.name(), Expected.of(Backoff.class,
									backoff.name()), Expected::and);
						}
					}
					else if (key.type() != Child.class) {
						// A template's keys are in the scope of the template.
						expected.merge(prefix + "." + key.name(), Expected.of(type, key.name()), Expected::and);
					}
				}
			}
		});
		return expected;
	}

	private static Map<String, Scope> scopes() {
		Map<String, Scope> scopes = new LinkedHashMap<>();
		scopes.put("supervision.trees.*", new Scope(NodeTypes.TREE_TYPES, false));
		scopes.put("supervision.trees.*.children[*]", new Scope(NodeTypes.CHILD_TYPES, false));
		scopes.put("supervision.trees.*.template", new Scope(NodeTypes.CHILD_TYPES, true));
		scopes.put("supervision.trees.*.children[*].children[*]", new Scope(NodeTypes.CHILD_TYPES, false));
		scopes.put("supervision.trees.*.children[*].template", new Scope(NodeTypes.CHILD_TYPES, true));
		return Collections.unmodifiableMap(scopes);
	}

	static Map<String, JsonNode> properties() {
		return byName(METADATA.path("properties"));
	}

	static Map<String, JsonNode> hints() {
		return byName(METADATA.path("hints"));
	}

	private static Map<String, JsonNode> byName(JsonNode entries) {
		Map<String, JsonNode> byName = new LinkedHashMap<>();
		entries.forEach((entry) -> byName.put(entry.path("name").asString(), entry));
		return byName;
	}

	private static JsonNode metadata() {
		try {
			for (URL url : Collections.list(ConfigurationMetadataTests.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				try (InputStream in = url.openStream()) {
					JsonNode metadata = JsonMapper.builder().build().readTree(in);
					if (byName(metadata.path("groups")).containsKey("supervision")) {
						return metadata;
					}
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		throw new IllegalStateException("No configuration metadata with the 'supervision' group on the classpath");
	}

	/**
	 * A scope of nested keys.
	 *
	 * @param types the property types a node in the scope may be bound to
	 * @param template whether the scope is a template, which has no id
	 */
	record Scope(List<? extends Class<?>> types, boolean template) {

	}

	/**
	 * The metadata a key must have.
	 *
	 * @param type the type, as the metadata writes it
	 * @param javaType the Java type the key binds to
	 * @param defaultValue the default every kind of node with the key has, as the
	 * metadata writes it, or {@code null} if there is none or it differs between kinds
	 * @param owners the property types that have the key
	 */
	record Expected(String type, Class<?> javaType, @Nullable String defaultValue, List<Class<?>> owners) {

		static Expected of(Class<?> owner, String key) {
			NodeTypes.Key found = NodeTypes.keys(owner).get(NodeTypes.uniform(key));
			Class<?> type = found.type();
			String name = (type == List.class) ? "java.util.List<" + Child.class.getName() + ">"
					: BeanUtils.isSimpleValueType(type) && type.isPrimitive() ? boxed(type).getName() : type.getName();
			Object value = new BeanWrapperImpl(BeanUtils.instantiateClass(owner)).getPropertyValue(found.property());
			return new Expected(name, type, render(value), List.of(owner));
		}

		Expected and(Expected other) {
			assertThat(other.type).as("type of a key of %s and %s", this.owners, other.owners).isEqualTo(this.type);
			List<Class<?>> owners = new ArrayList<>(this.owners);
			owners.addAll(other.owners);
			String defaultValue = java.util.Objects.equals(this.defaultValue, other.defaultValue) ? this.defaultValue
					: null;
			return new Expected(this.type, this.javaType, defaultValue, owners);
		}

		private static Class<?> boxed(Class<?> primitive) {
			return (primitive == int.class) ? Integer.class : (primitive == boolean.class) ? Boolean.class
					: (primitive == double.class) ? Double.class : primitive;
		}

		private static @Nullable String render(@Nullable Object value) {
			if (value == null || value == ChildType.AUTO || value instanceof List<?> || value instanceof Map<?, ?>) {
				return null;
			}
			if (value instanceof Enum<?> constant) {
				return constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
			}
			if (value instanceof Duration duration) {
				return (duration.toMillis() % 60_000 == 0) ? duration.toMinutes() + "m"
						: (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
			}
			return String.valueOf(value);
		}

	}

}
