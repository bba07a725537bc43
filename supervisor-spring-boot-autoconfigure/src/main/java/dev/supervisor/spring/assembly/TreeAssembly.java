package dev.supervisor.spring.assembly;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.supervisor.ChildFactory;
import dev.supervisor.ChildKind;
import dev.supervisor.ChildSpec;
import dev.supervisor.DynamicSupervisorSpec;
import dev.supervisor.RestartType;
import dev.supervisor.Service;
import dev.supervisor.Shutdown;
import dev.supervisor.SpecProblem;
import dev.supervisor.SpecValidation;
import dev.supervisor.StaticSupervisorSpec;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.Worker;
import dev.supervisor.spring.OnGiveUp;
import dev.supervisor.spring.child.BeanChildFactory;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.Lifecycle;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Merges the trees declared in properties, as {@code @Bean}s of {@link SupervisorSpec}
 * (the bean name is the tree's name) and with {@link SupervisedChild} into one model, and
 * checks it all at once: every problem is reported with the property that causes it.
 */
public final class TreeAssembly {

	private static final Log logger = LogFactory.getLog(TreeAssembly.class);

	private static final String PROPERTY_PREFIX = "supervision.";

	private final ConfigurableListableBeanFactory beanFactory;

	private final Environment environment;

	private final Map<String, TreeDefinition> trees = new LinkedHashMap<>();

	private final Map<String, String> origins = new LinkedHashMap<>();

	private final List<ConfigurationProblem> problems = new ArrayList<>();

	/** Singleton beans used as children, to the property that uses them. */
	private final Map<String, String> singletons = new LinkedHashMap<>();

	private final List<String> singletonNotes = new ArrayList<>();

	private java.time.@Nullable Duration livenessInterval;

	/** Sources of listener container children, by the property that names a container. */
	private final Map<String, ContainerChildSource> containerSources = new LinkedHashMap<>();

	/**
	 * Checks the Spring Lifecycle beans supervised as services this often: {@code isRunning()}
	 * turning false without a stop request counts as a crash.
	 * @param livenessInterval the interval, or {@code null} not to check
	 */
	public void setLivenessInterval(java.time.@Nullable Duration livenessInterval) {
		this.livenessInterval = livenessInterval;
	}

	/**
	 * Adds the sources of listener container children ({@code kafka-listener:},
	 * {@code rabbit-listener:}) of the messaging libraries on the classpath.
	 * @param sources the sources
	 */
	public void addContainerChildSources(Iterable<ContainerChildSource> sources) {
		sources.forEach((source) -> this.containerSources.put(source.key(), source));
	}

	/**
	 * Creates an assembly of trees whose children are beans of the given factory.
	 * @param beanFactory the factory that holds the children's beans
	 * @param environment the environment, to show where a bad value comes from
	 */
	public TreeAssembly(ConfigurableListableBeanFactory beanFactory, Environment environment) {
		this.beanFactory = beanFactory;
		this.environment = environment;
	}

	/**
	 * Adds a tree declared in properties.
	 * @param tree the tree
	 */
	public void addTree(TreeDefinition tree) {
		this.origins.putAll(tree.origins());
		TreeDefinition previous = this.trees.putIfAbsent(tree.name(), tree);
		if (previous != null) {
			addProblem(tree.originOf(tree.name()),
					"tree '" + tree.name() + "' is also declared by " + previous.originOf(tree.name()),
					"Give one of the trees another name");
		}
	}

	/**
	 * Records a problem; {@link #assemble()} then fails.
	 * @param property the property concerned
	 * @param reason what is wrong
	 * @param action what to do about it
	 */
	public void addProblem(String property, String reason, String action) {
		this.problems.add(ConfigurationProblem.of(property, reason, action));
	}

	/**
	 * Records a problem found with its value and origin; {@link #assemble()} then fails.
	 * @param problem the problem
	 */
	public void addProblem(ConfigurationProblem problem) {
		this.problems.add(problem);
	}

	/**
	 * A worker or service child made from a bean, with default restart and shutdown.
	 * @param path the child's path
	 * @param beanName the bean's name
	 * @param type the declared type, or {@link ChildType#AUTO}
	 * @param property the property that names the bean
	 * @param template whether the child is a dynamic supervisor's template, so its
	 * instances run side by side
	 * @return the spec, or {@code null} if there is a problem (recorded)
	 */
	public @Nullable ChildSpec beanChild(String path, String beanName, ChildType type, String property,
			boolean template) {
		if (!this.beanFactory.containsBean(beanName)) {
			addProblem(property, "there is no bean named '" + beanName + "'", "Define a bean named '" + beanName
					+ "', or name an existing bean (or set 'class' instead to instantiate a class)");
			return null;
		}
		Class<?> beanType = this.beanFactory.getType(beanName, false);
		if (beanType == null) {
			addProblem(property, "the type of bean '" + beanName + "' cannot be determined",
					"Declare the bean with its type, e.g. a @Bean method returning the class itself");
			return null;
		}
		ChildKind kind = kind(beanType, type, "bean '" + beanName + "' (" + beanType.getName() + ")", property);
		if (kind == null) {
			return null;
		}
		if (this.beanFactory.isSingleton(beanName)) {
			if (template) {
				addProblem(property,
						"bean '" + beanName + "' is a singleton, but the children of a dynamic "
								+ "supervisor run side by side and each needs its own instance",
						"Declare bean '" + beanName + "' with @Scope(\"prototype\"), or use 'class' instead");
				return null;
			}
			String previous = this.singletons.putIfAbsent(beanName, property);
			if (previous != null) {
				addProblem(property,
						"singleton bean '" + beanName + "' is already the child at " + previous
								+ ", and one instance cannot be started and stopped by two supervisors",
						"Declare bean '" + beanName + "' with @Scope(\"prototype\"), or use another bean");
				return null;
			}
			this.singletonNotes.add("Supervised child '" + path + "' is the singleton bean '" + beanName
					+ "': a restart stops and starts the same instance, so its state survives restarts. Declare it "
					+ "with @Scope(\"prototype\") or use 'class' for a fresh instance per restart");
		}
		return base(path, kind, BeanChildFactory.bean(this.beanFactory, beanName, beanType, kind, this.livenessInterval));
	}

	/**
	 * A worker or service child made by instantiating and autowiring a class per
	 * incarnation, with default restart and shutdown.
	 * @param path the child's path
	 * @param className the class's fully qualified name
	 * @param type the declared type, or {@link ChildType#AUTO}
	 * @param property the property that names the class
	 * @return the spec, or {@code null} if there is a problem (recorded)
	 */
	public @Nullable ChildSpec classChild(String path, String className, ChildType type, String property) {
		Class<?> childClass;
		try {
			childClass = ClassUtils.forName(className, this.beanFactory.getBeanClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			addProblem(property, "class '" + className + "' was not found",
					"Use the fully qualified name of a class on the classpath");
			return null;
		}
		String notInstantiable = whyNotInstantiable(childClass);
		if (notInstantiable != null) {
			addProblem(property, "class '" + className + "' cannot be instantiated: " + notInstantiable,
					"Name a concrete class with one constructor (or one marked @Autowired) whose parameters are "
							+ "beans, or declare the child as a bean");
			return null;
		}
		ChildKind kind = kind(childClass, type, "class '" + className + "'", property);
		if (kind == null) {
			return null;
		}
		return base(path, kind, BeanChildFactory.type(this.beanFactory, childClass, kind, this.livenessInterval));
	}

	/**
	 * A service child that is the message listener container with the given id
	 * ({@code kafka-listener: payments}), with default restart and shutdown.
	 * @param path the child's path
	 * @param key the property that names the container, e.g. {@code kafka-listener}
	 * @param containerId the container's id
	 * @param type the declared type, or {@link ChildType#AUTO}
	 * @param property the property that names the container
	 * @param template whether the child is a dynamic supervisor's template
	 * @param shutdown the shutdown the child will have (the caller sets it on the spec), given to
	 * a container with a stop timeout of its own
	 * @return the spec, or {@code null} if there is a problem (recorded)
	 */
	public @Nullable ChildSpec containerChild(String path, String key, String containerId, ChildType type,
			String property, boolean template, Shutdown shutdown) {
		if (template) {
			addProblem(property, "a listener container is one object, which the children of a dynamic supervisor "
					+ "cannot share", "Declare the container as a static child, one child per container");
			return null;
		}
		if (type != ChildType.AUTO && type != ChildType.SERVICE) {
			addProblem(property, "a listener container is a service, not a " + type.name().toLowerCase(Locale.ROOT),
					"Remove 'type' or set it to 'service'");
			return null;
		}
		ContainerChildSource source = this.containerSources.get(key);
		if (source == null) {
			boolean kafka = key.startsWith("kafka");
			String library = kafka ? "Spring Kafka" : "Spring AMQP";
			String artifact = kafka ? "org.springframework.kafka:spring-kafka" : "org.springframework.amqp:spring-rabbit";
			addProblem(property, "'" + key + "' children need " + library + ", which is not on the classpath",
					"Add " + artifact + " to the application's dependencies");
			return null;
		}
		return base(path, ChildKind.SERVICE, source.factory(path, containerId, property, shutdown));
	}

	private static @Nullable String whyNotInstantiable(Class<?> type) {
		if (type.isInterface() || type.isAnnotation() || type.isEnum() || type.isArray() || type.isPrimitive()) {
			return "it is not a concrete class";
		}
		if (Modifier.isAbstract(type.getModifiers())) {
			return "it is abstract";
		}
		if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
			return "it is an inner class; make it static";
		}
		Constructor<?>[] constructors = type.getDeclaredConstructors();
		if (constructors.length > 1) {
			for (Constructor<?> constructor : constructors) {
				if (constructor.getParameterCount() == 0 || constructor.isAnnotationPresent(Autowired.class)) {
					return null;
				}
			}
			return "it has several constructors, none without parameters and none marked @Autowired";
		}
		return null;
	}

	private @Nullable ChildKind kind(Class<?> type, ChildType declared, String what, String property) {
		boolean worker = Worker.class.isAssignableFrom(type);
		boolean service = Service.class.isAssignableFrom(type);
		boolean lifecycle = Lifecycle.class.isAssignableFrom(type);
		boolean runnable = Runnable.class.isAssignableFrom(type);
		ChildKind kind = switch (declared) {
			case AUTO -> (worker) ? ChildKind.WORKER
					: (service || lifecycle) ? ChildKind.SERVICE : (runnable) ? ChildKind.WORKER : null;
			case WORKER -> (worker || runnable) ? ChildKind.WORKER : null;
			case SERVICE -> (service || lifecycle) ? ChildKind.SERVICE : null;
			case SUPERVISOR, DYNAMIC -> null;
		};
		if (kind == null) {
			String expected = switch (declared) {
				case WORKER -> "a " + Worker.class.getName() + " or a Runnable (type is worker)";
				case SERVICE ->
					"a " + Service.class.getName() + " or an org.springframework.context.Lifecycle (type is service)";
				default -> "a " + Worker.class.getName() + ", a " + Service.class.getName()
						+ ", an org.springframework.context.Lifecycle or a Runnable";
			};
			addProblem(property, what + " is not " + expected, "Make it implement "
					+ expected.replaceFirst(" \\(.*", "") + ", name another bean or class, or fix the child's type");
		}
		return kind;
	}

	private static ChildSpec base(String path, ChildKind kind, ChildFactory<?> factory) {
		String id = path.substring(path.lastIndexOf('/') + 1);
		return new ChildSpec(id, kind, factory, null, RestartType.PERMANENT, Shutdown.DEFAULT_WORKER, false, null,
				null);
	}

	/**
	 * Parses a shutdown: a duration such as {@code 5s}, {@code infinity} or
	 * {@code brutal-kill}.
	 * @param value the text
	 * @param property the property it comes from
	 * @return the shutdown, or {@code null} if the text is none of these (a problem is
	 * recorded)
	 */
	public @Nullable Shutdown shutdown(String value, String property) {
		String text = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
		if (text.equals("infinity")) {
			return Shutdown.INFINITY;
		}
		if (text.equals("brutal-kill")) {
			return Shutdown.BRUTAL_KILL;
		}
		try {
			return Shutdown.timeout(DurationStyle.detectAndParse(value.trim()));
		}
		catch (IllegalArgumentException ex) {
			addProblem(property, "'" + value + "' is not a shutdown",
					"Use a duration such as 500ms or 10s, 'infinity' or 'brutal-kill'");
			return null;
		}
	}

	/**
	 * Adds the trees declared in Java and the children declared with annotations, then
	 * checks everything.
	 * @return the trees in declaration order: properties first, then Java
	 * @throws SupervisionConfigurationException listing every problem
	 */
	public List<TreeDefinition> assemble() {
		addJavaTrees();
		new AnnotatedChildren(this, this.beanFactory).addAll();
		for (TreeDefinition tree : this.trees.values()) {
			check(tree);
		}
		if (!this.problems.isEmpty()) {
			throw new SupervisionConfigurationException(this.problems.stream().map(this::withValue).toList());
		}
		this.singletonNotes.forEach(logger::info);
		return List.copyOf(this.trees.values());
	}

	private void addJavaTrees() {
		for (String beanName : this.beanFactory.getBeanNamesForType(SupervisorSpec.class, true, false)) {
			String origin = "bean '" + beanName + "'";
			SupervisorSpec spec = this.beanFactory.getBean(beanName, SupervisorSpec.class);
			Map<String, String> treeOrigins = new LinkedHashMap<>();
			collectOrigins(beanName, spec, origin, treeOrigins);
			addTree(new TreeDefinition(beanName, spec, OnGiveUp.STAY_DOWN, 1, null, treeOrigins));
		}
	}

	private static void collectOrigins(String path, SupervisorSpec spec, String origin, Map<String, String> origins) {
		origins.put(path, origin);
		List<ChildSpec> children = (spec instanceof StaticSupervisorSpec staticSpec) ? staticSpec.children()
				: List.of(((DynamicSupervisorSpec) spec).template());
		for (ChildSpec child : children) {
			String childPath = path + "/" + child.id();
			origins.put(childPath, origin);
			if (child.supervisor() != null) {
				collectOrigins(childPath, child.supervisor(), origin, origins);
			}
		}
	}

	/**
	 * The tree of the given name as assembled so far.
	 * @param name the tree's name
	 * @return the tree, or {@code null} if none is declared
	 */
	@Nullable TreeDefinition tree(String name) {
		return this.trees.get(name);
	}

	/**
	 * Replaces a tree with a version that has one more child.
	 * @param tree the new version of the tree
	 * @param childPath the path of the added child
	 * @param origin where the child was declared
	 */
	void replaceTree(TreeDefinition tree, String childPath, String origin) {
		this.origins.put(childPath, origin);
		this.trees.put(tree.name(), tree);
	}

	/**
	 * Where a node was declared.
	 * @param path the node's path
	 * @return a property prefix or a description, or {@code null} if unknown
	 */
	@Nullable String originOf(String path) {
		return this.origins.get(path);
	}

	private void check(TreeDefinition tree) {
		String idProblem = SpecValidation.checkId(tree.name());
		if (idProblem != null) {
			addProblem(tree.originOf(tree.name()), idProblem, "Rename the tree");
		}
		for (SpecProblem problem : SpecValidation.check(tree.name(), tree.spec())) {
			String origin = tree.originOf(problem.path());
			String property = origin.startsWith(PROPERTY_PREFIX) ? origin + "." + problem.field()
					: origin + " (" + problem.path() + ", " + problem.field() + ")";
			addProblem(property, problem.message(), action(problem));
		}
	}

	private static String action(SpecProblem problem) {
		return switch (problem.field()) {
			case "shutdown" -> "Use a positive duration such as 5s, 'infinity' or 'brutal-kill'";
			case "period", "delay-on-max-intensity", "backoff.reset-after" -> "Use a positive duration such as 5s";
			case "backoff.initial", "backoff.max" -> "Use durations with 0 <= initial <= max";
			case "backoff.jitter" -> "Use a fraction between 0 and 1, such as 0.2";
			case "id", "name" -> "Rename it: an id is one path segment (1 to 200 letters, digits, '.', '_', '@', ':' "
					+ "or '-'), unique among its siblings, such as 'poller' or 'p-1'";
			case "intensity" -> "Use 0 (the first failure escalates) or more";
			case "max-children" -> "Use 1 or more, or leave it out for no limit";
			case "significant" -> problem.message().contains("auto-shutdown")
					? "Set auto-shutdown of the supervisor to any-significant or all-significant, or remove "
							+ "'significant' from the child"
					: "Make the child transient or temporary, or remove 'significant'";
			default -> "Fix the value as the reason says";
		};
	}

	/**
	 * The problem with the property's value and origin, when the property is in the
	 * environment.
	 */
	private ConfigurationProblem withValue(ConfigurationProblem problem) {
		String property = problem.property();
		if (problem.origin() != null || !property.startsWith(PROPERTY_PREFIX) || !ConfigurationPropertyName.isValid(property)) {
			return problem;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty found = source.getConfigurationProperty(name);
			if (found != null) {
				return new ConfigurationProblem(property, found.getValue(), found.getOrigin(), problem.reason(),
						problem.action());
			}
		}
		return problem;
	}

}
