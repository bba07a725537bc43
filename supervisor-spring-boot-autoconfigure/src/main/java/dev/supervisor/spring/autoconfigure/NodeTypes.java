package dev.supervisor.spring.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.supervisor.spring.assembly.ChildType;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Child;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.DynamicSupervisorChild;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.DynamicSupervisorTree;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.SupervisorChild;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.SupervisorTree;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Tree;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.WorkerChild;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.util.ReflectionUtils;

/**
 * The kinds of node a tree declared in properties is made of, and the keys each accepts.
 * A key is valid for a node exactly when the node's property type has the property: to
 * add a key to workers and services, add a property to {@link WorkerChild} (and its
 * metadata, which {@code ConfigurationMetadataTests} checks); to add one to supervisors,
 * add it to both the tree and the child type of that supervisor.
 */
final class NodeTypes {

	/** The property types of children and templates. */
	static final List<Class<? extends Child>> CHILD_TYPES = List.of(WorkerChild.class, SupervisorChild.class,
			DynamicSupervisorChild.class);

	/** The property types of root trees. */
	static final List<Class<? extends Tree>> TREE_TYPES = List.of(SupervisorTree.class, DynamicSupervisorTree.class);

	private static final Map<Class<?>, Map<String, Key>> KEYS = new ConcurrentHashMap<>();

	private NodeTypes() {
	}

	/**
	 * What the declaration of a node says about its type.
	 */
	interface Declaration {

		/**
		 * The value of a key of the node, if set.
		 * @param key the key, e.g. {@code type}
		 * @return the value, or {@code null}
		 */
		@Nullable Object value(String key);

		/**
		 * Whether keys are set under a key of the node.
		 * @param key the key, e.g. {@code children}
		 * @return whether the node has keys below it
		 */
		boolean hasNested(String key);

	}

	/**
	 * The type a root tree is bound to: its {@code type}, else dynamic with a
	 * {@code template}, else static.
	 * @param declaration the tree's declaration
	 * @return the tree's property type
	 */
	static Class<? extends Tree> treeType(Declaration declaration) {
		ChildType type = declaredType(declaration);
		if (type == ChildType.DYNAMIC || (type == ChildType.AUTO && declaration.hasNested("template"))) {
			return DynamicSupervisorTree.class;
		}
		return SupervisorTree.class;
	}

	/**
	 * The type a child or template is bound to: its {@code type}, else a worker or
	 * service with {@code bean}, {@code class}, {@code kafka-listener} or
	 * {@code rabbit-listener}, else a dynamic supervisor with a
	 * {@code template}, else a supervisor with {@code children} (an empty list too, as
	 * OTP allows a supervisor without children), else a worker or
	 * service (which then lacks its bean or class).
	 * @param declaration the child's declaration
	 * @return the child's property type
	 */
	static Class<? extends Child> childType(Declaration declaration) {
		return switch (declaredType(declaration)) {
			case WORKER, SERVICE -> WorkerChild.class;
			case SUPERVISOR -> SupervisorChild.class;
			case DYNAMIC -> DynamicSupervisorChild.class;
			case AUTO -> (declaration.value("bean") != null || declaration.value("class") != null
					|| declaration.value("kafka-listener") != null || declaration.value("rabbit-listener") != null)
							? WorkerChild.class
					: declaration.hasNested("template") ? DynamicSupervisorChild.class
							// An empty list (children: []) is a supervisor without children, as a root's is.
							: (declaration.hasNested("children") || declaration.value("children") != null)
									? SupervisorChild.class : WorkerChild.class;
		};
	}

	private static ChildType declaredType(Declaration declaration) {
		Object value = declaration.value("type");
		if (value == null) {
			return ChildType.AUTO;
		}
		// Leniently, as the binder reads enums: 'Dynamic', 'DYNAMIC' and 'dynamic' alike.
		String text = value.toString().trim().replace("-", "").replace("_", "").toUpperCase(Locale.ROOT);
		for (ChildType type : ChildType.values()) {
			if (type.name().replace("_", "").equals(text)) {
				return type;
			}
		}
		// Not a type: the binder reports the value; bind the keys as the other keys say.
		return ChildType.AUTO;
	}

	/**
	 * The keys a property type accepts, as the binder sees them: its JavaBean
	 * properties in dashed form, or the {@link Name @Name} of their field.
	 * @param type a property type
	 * @return the keys by their uniform form (lower case, without dashes)
	 */
	static Map<String, Key> keys(Class<?> type) {
		return KEYS.computeIfAbsent(type, NodeTypes::introspect);
	}

	private static Map<String, Key> introspect(Class<?> type) {
		Map<String, Key> keys = new LinkedHashMap<>();
		for (PropertyDescriptor descriptor : inDeclarationOrder(type)) {
			if (descriptor.getReadMethod() == null || descriptor.getReadMethod().getDeclaringClass() == Object.class) {
				continue;
			}
			Field field = ReflectionUtils.findField(type, descriptor.getName());
			Name name = (field != null) ? field.getAnnotation(Name.class) : null;
			String key = (name != null) ? name.value() : DataObjectPropertyName.toDashedForm(descriptor.getName());
			keys.put(uniform(key), new Key(key, descriptor.getName(), descriptor.getPropertyType()));
		}
		return Collections.unmodifiableMap(keys);
	}

	/**
	 * The JavaBean properties of a type, those of its superclasses first, each class's in
	 * the order its fields are declared, so that keys are listed as the documentation
	 * lists them.
	 */
	private static List<PropertyDescriptor> inDeclarationOrder(Class<?> type) {
		List<String> fields = new ArrayList<>();
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			List<String> declared = new ArrayList<>();
			for (Field field : current.getDeclaredFields()) {
				declared.add(field.getName());
			}
			fields.addAll(0, declared);
		}
		List<PropertyDescriptor> descriptors = new ArrayList<>(List.of(BeanUtils.getPropertyDescriptors(type)));
		descriptors.sort(java.util.Comparator.comparingInt((descriptor) -> {
			int index = fields.indexOf(descriptor.getName());
			return (index >= 0) ? index : Integer.MAX_VALUE;
		}));
		return descriptors;
	}

	/**
	 * The uniform form of a key, as Boot compares them.
	 * @param key a key in any relaxed form
	 * @return the key in lower case without dashes and underscores
	 */
	static String uniform(String key) {
		return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
	}

	/**
	 * What a node of a property type is, for messages.
	 * @param type a property type
	 * @return e.g. "a worker or service"
	 */
	static String kind(Class<?> type) {
		if (type == WorkerChild.class) {
			return "a worker or service";
		}
		if (type == SupervisorChild.class || type == SupervisorTree.class) {
			return "a static supervisor";
		}
		if (type == DynamicSupervisorChild.class || type == DynamicSupervisorTree.class) {
			return "a dynamic supervisor";
		}
		return "a group of settings";
	}

	/**
	 * The kinds of node that have a key, for a message about a key a node does not have.
	 * @param uniformKey the key in uniform form
	 * @return e.g. "static supervisors, dynamic supervisors", or {@code null} if no kind of
	 * node has the key
	 */
	static @Nullable String owners(String uniformKey) {
		List<String> owners = new ArrayList<>();
		boolean everyChild = keys(Child.class).containsKey(uniformKey);
		boolean everyTree = keys(Tree.class).containsKey(uniformKey);
		if (everyTree && !everyChild) {
			owners.add("root trees");
		}
		if (everyChild && !everyTree) {
			owners.add("children");
		}
		if (!everyChild && keys(WorkerChild.class).containsKey(uniformKey)) {
			owners.add("workers and services");
		}
		if (!everyChild && keys(SupervisorChild.class).containsKey(uniformKey)) {
			owners.add("static supervisors");
		}
		if (!everyChild && keys(DynamicSupervisorChild.class).containsKey(uniformKey)) {
			owners.add("dynamic supervisors");
		}
		return owners.isEmpty() ? null : String.join(", ", owners);
	}

	/**
	 * A key of a property type.
	 *
	 * @param name the key as written in YAML, e.g. {@code delay-on-max-intensity}
	 * @param property the JavaBean property it binds to
	 * @param type the property's type
	 */
	record Key(String name, String property, Class<?> type) {

	}

}
