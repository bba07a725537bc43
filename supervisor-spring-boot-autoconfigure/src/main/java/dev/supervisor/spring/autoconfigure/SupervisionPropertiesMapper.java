package dev.supervisor.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.supervisor.Backoff;
import dev.supervisor.ChildKind;
import dev.supervisor.ChildSpec;
import dev.supervisor.DynamicSupervisorSpec;
import dev.supervisor.Shutdown;
import dev.supervisor.SpecValidation;
import dev.supervisor.StaticSupervisorSpec;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.Threads;
import dev.supervisor.spring.SupervisionSettings;
import dev.supervisor.spring.assembly.ChildType;
import dev.supervisor.spring.assembly.TreeAssembly;
import dev.supervisor.spring.assembly.TreeDefinition;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Child;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.DynamicSupervisorChild;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.DynamicSupervisorSettings;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.DynamicSupervisorTree;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.StaticSupervisorSettings;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.SupervisorChild;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.SupervisorTree;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Tree;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.WorkerChild;
import dev.supervisor.spring.cluster.ClusterMode;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Turns {@link SupervisionProperties} into tree specs, the one place where properties
 * become specs. Every problem is recorded in the {@link TreeAssembly} with its property
 * path, e.g. {@code supervision.trees.ingest.children[0].shutdown}.
 */
final class SupervisionPropertiesMapper {

	private static final String SHUTDOWN_PHASE_TIMEOUT = "spring.lifecycle.timeout-per-shutdown-phase";

	private final SupervisionProperties properties;

	private final Environment environment;

	private final Binder binder;

	SupervisionPropertiesMapper(SupervisionProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
		this.binder = Binder.get(environment);
	}

	/**
	 * Adds the trees declared in properties to the assembly.
	 * @param assembly the assembly
	 */
	void contributeTo(TreeAssembly assembly) {
		// Values that could not be bound or are out of bounds (StrictBindHandler), first.
		this.properties.bindingProblems().forEach(assembly::addProblem);
		this.properties.getTrees().forEach((name, tree) -> new TreeMapping(assembly, this.binder).tree(name, tree));
		// After the trees: their mapping binds the templates the binder left out.
		new SupervisionKeysCheck(this.properties, this.environment).problems().forEach(assembly::addProblem);
	}

	/**
	 * The settings the trees run with.
	 * @param environment the environment, for Spring's own lifecycle and threading
	 * settings
	 * @return the settings
	 */
	SupervisionSettings settings(Environment environment) {
		Duration shutdownPhaseTimeout = this.binder.bind(SHUTDOWN_PHASE_TIMEOUT, Duration.class)
			.orElse(Duration.ofSeconds(30));
		SupervisionProperties.Lifecycle lifecycle = this.properties.getLifecycle();
		SupervisionProperties.Handles handles = this.properties.getHandles();
		return new SupervisionSettings(lifecycle.getPhase(), lifecycle.isEnforceShutdownBudget(), shutdownPhaseTimeout,
				handles.getWaitTimeout(), handles.getMaxWaiting(), Threading.VIRTUAL.isActive(environment));
	}

	/**
	 * The mapping of one tree: where each of its nodes was declared, and its problems.
	 */
	private static final class TreeMapping {

		private final TreeAssembly assembly;

		private final Binder binder;

		private final Map<String, String> origins = new LinkedHashMap<>();

		TreeMapping(TreeAssembly assembly, Binder binder) {
			this.assembly = assembly;
			this.binder = binder;
		}

		void tree(String name, Tree tree) {
			String prefix = "supervision.trees" + key(name);
			if (tree.getType() == ChildType.WORKER || tree.getType() == ChildType.SERVICE) {
				problem(prefix + ".type", "the root of a tree is a supervisor, not a " + name(tree.getType()),
						"Use 'supervisor' or 'dynamic', and declare the " + name(tree.getType()) + " as a child");
			}
			if (Boolean.TRUE.equals(tree.getVirtualThreads()) && !Threads.virtualAvailable()) {
				problem(prefix + ".virtual-threads",
						"virtual threads need Java 21 or later (running " + System.getProperty("java.version") + ")",
						"Run on Java 21 or later, or leave it out");
			}
			if (tree.getCluster() == ClusterMode.DISTRIBUTED && !(tree instanceof DynamicSupervisorSettings)) {
				problem(prefix + ".cluster", "'" + name + "' is a static supervisor, whose children cannot be spread "
						+ "over the replicas", "Use 'cluster: distributed' on a dynamic tree (with a 'template'), or "
								+ "'cluster: singleton' to run this tree on one replica at a time");
			}
			if (tree.getCluster() != ClusterMode.LOCAL && tree.isReadiness()) {
				problem(prefix + ".readiness", "'" + name + "' runs on one replica at a time (cluster: "
						+ name(tree.getCluster()) + "), so the other replicas would refuse traffic for as long as it "
						+ "runs elsewhere", "Remove 'readiness' from this tree, or 'cluster'");
			}
			this.origins.put(name, prefix);
			SupervisorSpec spec = (tree instanceof DynamicSupervisorSettings dynamic)
					? dynamicSupervisor(name, prefix, dynamic) : staticSupervisor(name, prefix, (SupervisorTree) tree);
			if (spec != null) {
				this.assembly.addTree(new TreeDefinition(name, spec, tree.getOnGiveUp(), tree.getExitCode(),
						tree.getVirtualThreads(), this.origins));
			}
		}

		private SupervisorSpec staticSupervisor(String path, String prefix, StaticSupervisorSettings options) {
			List<ChildSpec> children = new ArrayList<>();
			Map<String, Integer> ids = new HashMap<>();
			for (int i = 0; i < options.getChildren().size(); i++) {
				Child child = options.getChildren().get(i);
				String childPrefix = prefix + ".children[" + i + "]";
				if (!StringUtils.hasText(child.getId())) {
					problem(childPrefix + ".id", "each child of '" + path + "' needs an id",
							"Give the child an id, unique among its siblings");
					continue;
				}
				// As written: a '/' would make the id look like a path, and the child another one.
				String idProblem = SpecValidation.checkId(child.getId());
				if (idProblem != null) {
					problem(childPrefix + ".id", idProblem, "Rename the child: an id is one segment of a path, "
							+ "such as 'poller' or 'p-1'");
					continue;
				}
				Integer previous = ids.putIfAbsent(child.getId(), i);
				if (previous != null) {
					problem(childPrefix + ".id", "duplicate id '" + child.getId() + "' under '" + path
							+ "': it is also the id of " + prefix + ".children[" + previous + "]",
							"Give each child of '" + path + "' its own id");
					continue;
				}
				ChildSpec spec = child(path + "/" + child.getId(), childPrefix, child, false);
				if (spec != null) {
					children.add(spec);
				}
			}
			return new StaticSupervisorSpec(options.getStrategy(), options.getIntensity(), options.getPeriod(),
					options.getAutoShutdown(), children);
		}

		private @Nullable SupervisorSpec dynamicSupervisor(String path, String prefix,
				DynamicSupervisorSettings options) {
			Child template = template(prefix, options);
			if (template == null) {
				problem(prefix + ".template", "'" + path + "' is a dynamic supervisor without a template",
						"Set 'template' to the child every dynamic child is started from, e.g. { bean: worker, "
								+ "restart: temporary }");
				return null;
			}
			ChildSpec spec = child(path + "/template", prefix + ".template", template, true);
			if (spec == null) {
				return null;
			}
			int maxChildren = (options.getMaxChildren() != null) ? options.getMaxChildren() : Integer.MAX_VALUE;
			return new DynamicSupervisorSpec(spec, maxChildren, options.getIntensity(), options.getPeriod(),
					options.getAutoShutdown());
		}

		/**
		 * The template of a dynamic supervisor. Bound here when the binder left it out: it
		 * does not bind a template of the same type as a node above it (it guards against
		 * recursion), such as a supervisor template under a nested supervisor.
		 */
		private @Nullable Child template(String prefix, DynamicSupervisorSettings options) {
			if (options.getTemplate() != null) {
				return options.getTemplate();
			}
			StrictBindHandler strict = new StrictBindHandler(BindHandler.DEFAULT, false);
			Child template = this.binder
				.bind(prefix + ".template", Bindable.of(Child.class), new NodeTypeBindHandler(strict))
				.orElse(null);
			strict.problems().forEach(this.assembly::addProblem);
			if (template != null) {
				// Seen by the check of unknown keys, which walks the properties.
				if (options instanceof DynamicSupervisorTree tree) {
					tree.setTemplate(template);
				}
				else if (options instanceof DynamicSupervisorChild child) {
					child.setTemplate(template);
				}
			}
			return template;
		}

		private @Nullable ChildSpec child(String path, String prefix, Child child, boolean template) {
			this.origins.put(path, prefix);
			if (template && child.getId() != null) {
				String parent = path.substring(0, path.lastIndexOf('/'));
				problem(prefix + ".id", "a template has no id: each child of '" + parent
						+ "' gets its id when it is started", "Remove 'id' from the template");
			}
			ChildSpec spec;
			if (child instanceof WorkerChild worker) {
				spec = workerChild(path, prefix, worker, template);
			}
			else {
				String id = path.substring(path.lastIndexOf('/') + 1);
				boolean dynamic = child instanceof DynamicSupervisorSettings;
				SupervisorSpec nested = dynamic ? dynamicSupervisor(path, prefix, (DynamicSupervisorSettings) child)
						: staticSupervisor(path, prefix, (SupervisorChild) child);
				spec = (nested != null) ? new ChildSpec(id, dynamic ? ChildKind.DYNAMIC_SUPERVISOR : ChildKind.SUPERVISOR,
						null, nested, child.getRestart(), Shutdown.INFINITY, false, null, null) : null;
			}
			if (spec == null) {
				return null;
			}
			spec = spec.withRestart(child.getRestart()).withSignificant(child.isSignificant());
			if (child.getShutdown() != null) {
				spec = spec.withShutdown(child.getShutdown());
			}
			SupervisionProperties.Backoff backoff = child.getBackoff();
			if (backoff != null) {
				spec = spec.withBackoff(new Backoff(backoff.getInitial(), backoff.getMax(), backoff.getJitter(),
						backoff.getResetAfter()));
			}
			return spec.withDelayOnMaxIntensity(child.getDelayOnMaxIntensity());
		}

		private @Nullable ChildSpec workerChild(String path, String prefix, WorkerChild child, boolean template) {
			if (child.getBean() != null && child.getClassName() != null) {
				problem(prefix, "'" + path + "' has both 'bean' (" + child.getBean() + ") and 'class' ("
						+ child.getClassName() + ")", "Keep one: 'bean' to use a bean, 'class' to instantiate a class");
				return null;
			}
			List<String> sources = sources(child);
			if (sources.size() > 1) {
				problem(prefix, "'" + path + "' has both '" + sources.get(0) + "' and '" + sources.get(1) + "'",
						"Keep one: a child is one bean, class or listener container");
				return null;
			}
			if (child.getKafkaListener() != null) {
				return this.assembly.containerChild(path, "kafka-listener", child.getKafkaListener(), child.getType(),
						prefix + ".kafka-listener", template, shutdownOf(child));
			}
			if (child.getRabbitListener() != null) {
				return this.assembly.containerChild(path, "rabbit-listener", child.getRabbitListener(),
						child.getType(), prefix + ".rabbit-listener", template, shutdownOf(child));
			}
			if (child.getBean() != null) {
				return this.assembly.beanChild(path, child.getBean(), child.getType(), prefix + ".bean", template);
			}
			if (child.getClassName() != null) {
				return this.assembly.classChild(path, child.getClassName(), child.getType(), prefix + ".class");
			}
			problem(prefix,
					"'" + path + "' has neither 'bean' nor 'class'"
							+ ((child.getType() == ChildType.AUTO) ? ", nor children or a template" : ""),
					"Set 'bean' to the name of a bean or 'class' to a class to instantiate; or give it 'children' "
							+ "(a supervisor) or a 'template' (a dynamic supervisor)");
			return null;
		}

		/** The child's shutdown as its spec will have it. */
		private static Shutdown shutdownOf(WorkerChild child) {
			Shutdown shutdown = child.getShutdown();
			return (shutdown != null) ? shutdown : Shutdown.DEFAULT_WORKER;
		}

		/** What a worker or service says it is made from, in declaration order. */
		private static List<String> sources(WorkerChild child) {
			List<String> sources = new ArrayList<>();
			if (child.getBean() != null) {
				sources.add("bean");
			}
			if (child.getClassName() != null) {
				sources.add("class");
			}
			if (child.getKafkaListener() != null) {
				sources.add("kafka-listener");
			}
			if (child.getRabbitListener() != null) {
				sources.add("rabbit-listener");
			}
			return sources;
		}

		private void problem(String property, String reason, String action) {
			this.assembly.addProblem(property, reason, action);
		}

		private static String key(String name) {
			return name.matches("[a-z0-9][a-z0-9-]*") ? "." + name : "[" + name + "]";
		}

		private static String name(Enum<?> value) {
			return value.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		}

	}

}
