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
import dev.supervisor.StaticSupervisorSpec;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.Threads;
import dev.supervisor.spring.SupervisionSettings;
import dev.supervisor.spring.assembly.ChildType;
import dev.supervisor.spring.assembly.TreeAssembly;
import dev.supervisor.spring.assembly.TreeDefinition;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Child;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Supervisor;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Tree;
import dev.supervisor.spring.cluster.ClusterMode;

import org.jspecify.annotations.Nullable;

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

	private final Binder binder;

	SupervisionPropertiesMapper(SupervisionProperties properties, Environment environment) {
		this.properties = properties;
		this.binder = Binder.get(environment);
	}

	/**
	 * Adds the trees declared in properties to the assembly.
	 * @param assembly the assembly
	 */
	void contributeTo(TreeAssembly assembly) {
		this.properties.getTrees().forEach((name, tree) -> new TreeMapping(assembly, this.binder).tree(name, tree));
		SupervisionProperties.Cluster cluster = this.properties.getCluster();
		if (cluster.getLockTtl().isNegative() || cluster.getLockTtl().isZero()) {
			assembly.addProblem("supervision.cluster.lock-ttl", "must be positive (was " + cluster.getLockTtl() + ")",
					"Use the time-to-live of the leadership locks, such as 10s");
		}
		if (cluster.getHeartbeat().isNegative() || cluster.getHeartbeat().isZero()) {
			assembly.addProblem("supervision.cluster.heartbeat",
					"must be positive (was " + cluster.getHeartbeat() + ")", "Use a duration such as 500ms");
		}
		SupervisionProperties.Handles handles = this.properties.getHandles();
		if (handles.getWaitTimeout().isNegative()) {
			assembly.addProblem("supervision.handles.wait-timeout",
					"must not be negative (was " + handles.getWaitTimeout() + ")",
					"Use 0 to fail at once, or a duration such as 5s");
		}
		if (handles.getMaxWaiting() < 0) {
			assembly.addProblem("supervision.handles.max-waiting", "must be >= 0 (was " + handles.getMaxWaiting() + ")",
					"Use 0 to fail at once, or a positive number");
		}
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
			boolean dynamic = switch (tree.getType()) {
				case AUTO -> tree.getTemplate() != null;
				case SUPERVISOR -> false;
				case DYNAMIC -> true;
				case WORKER, SERVICE -> {
					problem(prefix + ".type", "the root of a tree is a supervisor, not a " + name(tree.getType()),
							"Use 'supervisor' or 'dynamic', and declare the " + name(tree.getType()) + " as a child");
					yield false;
				}
			};
			if (Boolean.TRUE.equals(tree.getVirtualThreads()) && !Threads.virtualAvailable()) {
				problem(prefix + ".virtual-threads",
						"virtual threads need Java 21 or later (running " + System.getProperty("java.version") + ")",
						"Run on Java 21 or later, or leave it out");
			}
			if (tree.getCluster() == ClusterMode.DISTRIBUTED && !dynamic) {
				problem(prefix + ".cluster", "'" + name + "' is a static supervisor, whose children cannot be spread "
						+ "over the replicas", "Use 'cluster: distributed' on a dynamic tree (with a 'template'), or "
								+ "'cluster: singleton' to run this tree on one replica at a time");
			}
			if (tree.getCluster() != ClusterMode.LOCAL && tree.isReadiness()) {
				problem(prefix + ".readiness", "'" + name + "' runs on one replica at a time (cluster: "
						+ name(tree.getCluster()) + "), so the other replicas would refuse traffic for as long as it "
						+ "runs elsewhere", "Remove 'readiness' from this tree, or 'cluster'");
			}
			SupervisorSpec spec = supervisor(name, prefix, tree, dynamic, tree.getTemplate());
			if (spec != null) {
				this.assembly.addTree(new TreeDefinition(name, spec, tree.getOnGiveUp(), tree.getExitCode(),
						tree.getVirtualThreads(), this.origins));
			}
		}

		private @Nullable SupervisorSpec supervisor(String path, String prefix, Supervisor options, boolean dynamic,
				@Nullable Child template) {
			this.origins.put(path, prefix);
			if (dynamic) {
				return dynamicSupervisor(path, prefix, options, template);
			}
			if (template != null) {
				problem(prefix + ".template", "'" + path + "' is a static supervisor, which has no template",
						"Remove 'template', or make '" + path + "' dynamic (type: dynamic) without 'children'");
			}
			if (options.getMaxChildren() != null) {
				problem(prefix + ".max-children", "'" + path + "' is a static supervisor, which has no max-children",
						"Remove 'max-children', or make '" + path + "' dynamic (type: dynamic) with a 'template'");
			}
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

		private @Nullable SupervisorSpec dynamicSupervisor(String path, String prefix, Supervisor options,
				@Nullable Child template) {
			if (!options.getChildren().isEmpty()) {
				problem(prefix + ".children", "'" + path + "' is a dynamic supervisor, which has no static children",
						"Remove 'children' and start children at run time from the 'template', or make '" + path
								+ "' a static supervisor (type: supervisor)");
			}
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
			return new DynamicSupervisorSpec(spec, maxChildren, options.getIntensity(), options.getPeriod());
		}

		private @Nullable ChildSpec child(String path, String prefix, Child child, boolean template) {
			this.origins.put(path, prefix);
			ChildType type = child.getType();
			Child nestedTemplate = template(prefix, child);
			boolean hasSource = child.getBean() != null || child.getClassName() != null;
			if (type == ChildType.AUTO && !hasSource) {
				type = (nestedTemplate != null) ? ChildType.DYNAMIC
						: (!child.getChildren().isEmpty()) ? ChildType.SUPERVISOR : ChildType.AUTO;
			}
			ChildSpec spec = (type == ChildType.SUPERVISOR || type == ChildType.DYNAMIC)
					? supervisorChild(path, prefix, child, type, nestedTemplate)
					: workerChild(path, prefix, child, type, template, nestedTemplate);
			if (spec == null) {
				return null;
			}
			spec = spec.withRestart(child.getRestart()).withSignificant(child.isSignificant());
			if (child.getShutdown() != null) {
				Shutdown shutdown = this.assembly.shutdown(child.getShutdown(), prefix + ".shutdown");
				if (shutdown == null) {
					return null;
				}
				spec = spec.withShutdown(shutdown);
			}
			SupervisionProperties.Backoff backoff = child.getBackoff();
			if (backoff != null) {
				spec = spec.withBackoff(new Backoff(backoff.getInitial(), backoff.getMax(), backoff.getJitter(),
						backoff.getResetAfter()));
			}
			return spec.withDelayOnMaxIntensity(child.getDelayOnMaxIntensity());
		}

		/**
		 * The template of a child. Bound here rather than with the properties: the binder
		 * does not bind a {@link Child} nested directly in a {@link Child} (it guards
		 * against recursion).
		 */
		private @Nullable Child template(String prefix, Child child) {
			if (child.getTemplate() != null) {
				return child.getTemplate();
			}
			return this.binder.bind(prefix + ".template", Child.class).orElse(null);
		}

		private @Nullable ChildSpec supervisorChild(String path, String prefix, Child child, ChildType type,
				@Nullable Child template) {
			if (child.getBean() != null || child.getClassName() != null) {
				String property = prefix + ((child.getBean() != null) ? ".bean" : ".class");
				problem(property, "'" + path + "' is a " + name(type) + ", which is not made from a bean or a class",
						"Remove 'bean' and 'class', or make the child a worker or service");
				return null;
			}
			SupervisorSpec nested = supervisor(path, prefix, child, type == ChildType.DYNAMIC, template);
			if (nested == null) {
				return null;
			}
			String id = path.substring(path.lastIndexOf('/') + 1);
			ChildKind kind = (type == ChildType.DYNAMIC) ? ChildKind.DYNAMIC_SUPERVISOR : ChildKind.SUPERVISOR;
			return new ChildSpec(id, kind, null, nested, child.getRestart(), Shutdown.INFINITY, false, null, null);
		}

		private @Nullable ChildSpec workerChild(String path, String prefix, Child child, ChildType type,
				boolean template, @Nullable Child nestedTemplate) {
			if (!child.getChildren().isEmpty() || nestedTemplate != null) {
				String property = prefix + ((!child.getChildren().isEmpty()) ? ".children" : ".template");
				problem(property, "'" + path + "' is a worker or service, which has no children",
						"Remove 'bean' or 'class' to make it a supervisor, or remove its children");
				return null;
			}
			if (child.getBean() != null && child.getClassName() != null) {
				problem(prefix, "'" + path + "' has both 'bean' (" + child.getBean() + ") and 'class' ("
						+ child.getClassName() + ")", "Keep one: 'bean' to use a bean, 'class' to instantiate a class");
				return null;
			}
			if (child.getBean() != null) {
				return this.assembly.beanChild(path, child.getBean(), type, prefix + ".bean", template);
			}
			if (child.getClassName() != null) {
				return this.assembly.classChild(path, child.getClassName(), type, prefix + ".class");
			}
			problem(prefix,
					"'" + path + "' has neither 'bean' nor 'class'"
							+ ((type == ChildType.AUTO) ? ", nor children or a template" : ""),
					"Set 'bean' to the name of a bean or 'class' to a class to instantiate; or give it 'children' "
							+ "(a supervisor) or a 'template' (a dynamic supervisor)");
			return null;
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
