package dev.supervisor.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

import dev.supervisor.ChildState;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.Outcome;
import dev.supervisor.SnapshotOptions;
import dev.supervisor.SupervisionEvent;
import dev.supervisor.SupervisionTree;
import dev.supervisor.SupervisorHandle;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.Threads;
import dev.supervisor.TreeOptions;
import dev.supervisor.spring.assembly.ConfigurationProblem;
import dev.supervisor.spring.assembly.SupervisionConfigurationException;
import dev.supervisor.spring.assembly.TreeDefinition;
import dev.supervisor.spring.child.SingletonLifecycleCheck;
import dev.supervisor.spring.cluster.TreeCoordinator;
import dev.supervisor.spring.event.SupervisionApplicationEvent;
import dev.supervisor.spring.handle.ChildHandle;
import dev.supervisor.spring.handle.IncarnationSlots;
import dev.supervisor.spring.handle.SupervisedNodes;
import dev.supervisor.spring.handle.SupervisionPath;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.ResolvableType;

/**
 * The supervision trees of an application: runs each as a {@link SmartLifecycle},
 * publishes their events as {@link SupervisionApplicationEvent}s, hands out
 * {@link ChildHandle}s, and keeps the context's beans alive until every tree has stopped.
 * What an endpoint, a health indicator or metrics need is here: the trees with their
 * snapshots and definitions.
 */
public final class SupervisionRegistry implements SmartInitializingSingleton {

	/**
	 * The name of the disposable that waits for the trees before any other bean is
	 * destroyed.
	 */
	static final String TERMINATION_BEAN_NAME = "supervisionTreesTermination";

	private static final Log logger = LogFactory.getLog(SupervisionRegistry.class);

	private static final SnapshotOptions NODE_ONLY = new SnapshotOptions(0, 0, 0);

	private final SupervisionSettings settings;

	private final ConfigurableApplicationContext context;

	private final SupervisionExitHandler exitHandler;

	private final IncarnationSlots slots = new IncarnationSlots();

	private final SupervisedNodes nodes = new SupervisedNodes(this.slots);

	private final Map<String, ManagedTree> trees = new LinkedHashMap<>();

	private final EventDelivery events;
	/** Trees that must not run without a coordinator: the property that says so, by tree. */
	private final Map<String, CoordinationRequirement> coordinationRequired = new LinkedHashMap<>();

	/**
	 * Creates the trees, not started; they start with the application context.
	 * @param definitions the trees in declaration order
	 * @param settings how the trees are run
	 * @param context the application context, whose beans the children are
	 * @param exitHandler ends the JVM when a tree with
	 * {@link OnGiveUp#SHUTDOWN_APPLICATION} gave up
	 * @throws SupervisionConfigurationException if a tree may stop slower than the
	 * shutdown phase timeout and the budget is enforced
	 */
	public SupervisionRegistry(List<TreeDefinition> definitions, SupervisionSettings settings,
			ConfigurableApplicationContext context, SupervisionExitHandler exitHandler) {
		this.settings = settings;
		this.context = context;
		this.exitHandler = exitHandler;
		this.events = new EventDelivery(context);
		checkShutdownBudgets(definitions);
		for (int i = 0; i < definitions.size(); i++) {
			TreeDefinition definition = definitions.get(i);
			SupervisorSpec spec = this.nodes.track(definition);
			TreeOptions options = TreeOptions.defaults()
				.withThreadFactory(threads(definition))
				.withLogger(new CommonsLoggingReports(TreeOptions.LOGGER_NAME))
				.withListener(this::publish);
			SupervisionTree tree = SupervisionTree.create(definition.name(), spec, options);
			tree.warnings().forEach(logger::warn);
			// Trees start in declaration order and stop in reverse.
			int phase = settings.phase() - (definitions.size() - 1 - i);
			this.trees.put(definition.name(), new ManagedTree(definition, tree, phase, this::gaveUp));
		}
	}

	private void checkShutdownBudgets(List<TreeDefinition> definitions) {
		List<ConfigurationProblem> problems = new ArrayList<>();
		for (TreeDefinition definition : definitions) {
			String problem = ShutdownBudgetCheck.check(definition, this.settings.shutdownPhaseTimeout());
			if (problem == null) {
				continue;
			}
			if (this.settings.enforceShutdownBudget()) {
				problems.add(ConfigurationProblem.of(definition.originOf(definition.name()), problem,
						"Shorten the shutdown of these children, raise " + ShutdownBudgetCheck.TIMEOUT_PROPERTY
								+ ", or set supervision.lifecycle.enforce-shutdown-budget=false to only warn"));
			}
			else {
				logger.warn(Character.toUpperCase(problem.charAt(0)) + problem.substring(1));
			}
		}
		if (!problems.isEmpty()) {
			throw new SupervisionConfigurationException(problems);
		}
	}

	private ThreadFactory threads(TreeDefinition definition) {
		Boolean virtual = definition.virtualThreads();
		boolean useVirtual = (virtual != null) ? virtual : this.settings.virtualThreads();
		return (useVirtual && Threads.virtualAvailable()) ? Threads.virtual() : Threads.platform();
	}

	/**
	 * Checks that Spring does not manage the singleton lifecycles the trees manage, then
	 * registers one {@link SmartLifecycle} per tree and makes bean destruction wait for
	 * the trees.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		checkCoordination();
		checkSingletonLifecycles();
		ConfigurableListableBeanFactory beanFactory = this.context.getBeanFactory();
		for (ManagedTree tree : this.trees.values()) {
			beanFactory.registerSingleton("supervisionTree." + tree.name(), new SupervisionTreeLifecycle(tree));
		}
		if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
			// Registered last, destroyed first: the children's beans outlive the trees.
			registry.registerDisposableBean(TERMINATION_BEAN_NAME, this::awaitTermination);
		}
	}

	/**
	 * Hands a tree to a coordinator, which decides when it runs on this replica (a cluster
	 * singleton runs only on the replica holding its leadership). Call it before the
	 * context starts.
	 * @param name the tree's name
	 * @param coordinator the coordinator
	 * @throws IllegalArgumentException if there is no such tree
	 * @throws IllegalStateException if the tree already has a coordinator
	 */
	public void coordinate(String name, TreeCoordinator coordinator) {
		ManagedTree tree = this.trees.get(name);
		if (tree == null) {
			throw new IllegalArgumentException("No supervision tree '" + name + "'; trees are " + this.trees.keySet());
		}
		if (tree.coordinator() != null) {
			throw new IllegalStateException("Supervision tree '" + name + "' already has a coordinator");
		}
		tree.coordinate(coordinator);
	}

	/**
	 * Declares that a tree may only run under a coordinator: start-up fails if none was
	 * given to it (a cluster singleton without a lock registry would run on every
	 * replica).
	 * @param name the tree's name
	 * @param property the property that asks for it, e.g.
	 * {@code supervision.trees.relay.cluster}
	 * @param action what to do when no coordinator is there
	 */
	public void requireCoordination(String name, String property, String action) {
		this.coordinationRequired.put(name, new CoordinationRequirement(property, action));
	}

	/**
	 * The coordinator of a tree, if it has one.
	 * @param name the tree's name
	 * @return the coordinator, or empty for a tree that runs on every replica
	 */
	public Optional<TreeCoordinator> coordinator(String name) {
		return Optional.ofNullable(this.trees.get(name)).map(ManagedTree::coordinator);
	}

	private void checkCoordination() {
		List<ConfigurationProblem> problems = new ArrayList<>();
		this.coordinationRequired.forEach((name, required) -> {
			ManagedTree tree = this.trees.get(name);
			if (tree != null && tree.coordinator() == null) {
				problems.add(ConfigurationProblem.of(required.property(), "supervision tree '" + name
						+ "' must run on one replica at a time, but nothing here coordinates the replicas",
						required.action()));
			}
		});
		if (!problems.isEmpty()) {
			throw new SupervisionConfigurationException(problems);
		}
	}

	private void checkSingletonLifecycles() {
		List<ConfigurationProblem> problems = SingletonLifecycleCheck.check(this.nodes.singletonLifecycles(),
				this.context.getBeanFactory(), (name) -> this.trees.get(name).phase);
		if (!problems.isEmpty()) {
			throw new SupervisionConfigurationException(problems);
		}
	}

	/**
	 * Stops what still runs and waits, in reverse order, until every tree has stopped.
	 */
	private void awaitTermination() {
		List<ManagedTree> all = new ArrayList<>(this.trees.values());
		for (int i = all.size() - 1; i >= 0; i--) {
			ManagedTree tree = all.get(i);
			if (tree.isRunning()) {
				logger.info("Waiting for supervision tree '" + tree.name() + "' to stop before beans are destroyed");
			}
			tree.stop().join();
		}
	}

	private void publish(SupervisionEvent event) {
		wakeWaiters(event);
		// Each listener on its own: one that throws is logged and never silences the others.
		this.events.deliver(SupervisionApplicationEvent.of(this, event));
	}

	private void gaveUp(ManagedTree tree) {
		String name = tree.name();
		if (tree.definition.onGiveUp() == OnGiveUp.STAY_DOWN) {
			logger.error("Supervision tree '" + name + "' gave up and is failed; it stays down while the application "
					+ "keeps running (on-give-up: stay-down) until it is restarted");
			return;
		}
		int exitCode = tree.definition.exitCode();
		logger.error("Supervision tree '" + name + "' gave up; closing the application context and exiting with code "
				+ exitCode + " (on-give-up: shutdown-application)");
		// Not on the tree's own thread: closing the context waits for the trees. Not a daemon
		// (it would inherit that from the tree's thread): the JVM must wait for it, or it ends with
		// 0 as soon as the closed context leaves no other thread alive.
		Thread exit = new Thread(() -> exit(exitCode), "supervision-exit");
		exit.setDaemon(false);
		exit.start();
	}

	private void exit(int exitCode) {
		try {
			SpringApplication.exit(this.context, () -> exitCode);
		}
		catch (RuntimeException ex) {
			logger.error("Closing the application context failed; exiting with code " + exitCode + " all the same", ex);
		}
		finally {
			// The code promised by configuration, whatever other exit code generators say.
			this.exitHandler.exit(exitCode);
		}
	}

	/**
	 * Return the trees in declaration order.
	 * @return the trees in declaration order
	 */
	public List<SupervisionTree> trees() {
		return this.trees.values().stream().map((tree) -> tree.tree).toList();
	}

	/**
	 * A tree by name.
	 * @param name the tree's name
	 * @return the tree, or empty if there is none
	 */
	public Optional<SupervisionTree> tree(String name) {
		return Optional.ofNullable(this.trees.get(name)).map((tree) -> tree.tree);
	}

	/**
	 * The definition of a tree: its merged spec, its give-up behaviour and where each
	 * node was declared.
	 * @param name the tree's name
	 * @return the definition, or empty if there is no such tree
	 */
	public Optional<TreeDefinition> definition(String name) {
		return Optional.ofNullable(this.trees.get(name)).map((tree) -> tree.definition);
	}

	/**
	 * The lifecycle phase of a tree.
	 * @param name the tree's name
	 * @return the phase, or empty if there is no such tree
	 */
	public Optional<Integer> phase(String name) {
		return Optional.ofNullable(this.trees.get(name)).map((tree) -> tree.phase);
	}

	/**
	 * A snapshot of a node and its subtree.
	 * @param path the node's path, starting with its tree's name
	 * @return the snapshot, or empty if there is no node at that path
	 */
	public Optional<NodeSnapshot> find(String path) {
		ManagedTree tree = treeOf(path);
		return (tree != null) ? tree.tree.find(path) : Optional.empty();
	}

	/**
	 * A handle on a supervisor, for operations such as starting dynamic children.
	 * @param path the supervisor's path, starting with its tree's name
	 * @return the handle
	 * @throws IllegalArgumentException if there is no tree of that name
	 */
	public SupervisorHandle supervisor(String path) {
		ManagedTree tree = treeOf(path);
		if (tree == null) {
			throw new IllegalArgumentException(
					"No supervision tree '" + treeName(path) + "'; trees are " + this.trees.keySet());
		}
		return tree.tree.supervisor(path);
	}

	/**
	 * The operator's restart of a tree: stops it if it runs, then starts it. Brings a
	 * failed tree back, and acts on its next give-up as configured.
	 * @param name the tree's name
	 * @return OK, START_FAILED with the cause, or NOT_FOUND
	 */
	public Outcome restart(String name) {
		ManagedTree tree = this.trees.get(name);
		if (tree == null) {
			return Outcome.of(Outcome.Status.NOT_FOUND, name, "no supervision tree '" + name + "'");
		}
		return tree.restart();
	}

	/**
	 * A handle on a worker or service that always reaches its current incarnation.
	 * @param <T> the type of the child's instances
	 * @param path the child's path, e.g. {@code ingest/connection} or
	 * {@code ingest/buckets/b-7}
	 * @param type the type of the child's instances (the bean's type, not an adapter)
	 * @return the handle
	 * @throws IllegalArgumentException if no worker or service is declared at that path,
	 * or its instances cannot be of that type
	 */
	public <T> ChildHandle<T> handle(String path, Class<T> type) {
		SupervisedNodes.Node node = this.nodes.find(path);
		if (node == null) {
			throw new IllegalArgumentException("No supervised worker or service is declared at '" + path + "'");
		}
		if (!type.isAssignableFrom(node.type()) && !node.type().isAssignableFrom(type)) {
			throw new IllegalArgumentException("Supervised child '" + path + "' is a " + node.type().getName()
					+ ", which cannot be a " + type.getName());
		}
		return new DefaultChildHandle<>(this, this.slots, path, type, this.settings.handleWaitTimeout(),
				this.settings.handleMaxWaiting());
	}

	/**
	 * A handle for an injection point annotated with {@link SupervisionPath}.
	 * @param injectionPoint the injection point of a {@link ChildHandle}
	 * @return the handle
	 * @throws IllegalStateException if the injection point has no {@link SupervisionPath}
	 */
	public ChildHandle<?> handle(InjectionPoint injectionPoint) {
		SupervisionPath path = injectionPoint.getAnnotation(SupervisionPath.class);
		if (path == null) {
			throw new IllegalStateException("The ChildHandle injected into " + injectionPoint.getMember()
					+ " does not say which child it reaches: annotate it with @SupervisionPath(\"tree/child\")");
		}
		ResolvableType type = (injectionPoint.getField() != null) ? ResolvableType.forField(injectionPoint.getField())
				: ResolvableType.forMethodParameter(injectionPoint.getMethodParameter());
		return handle(path.value(), type.as(ChildHandle.class).getGeneric(0).resolve(Object.class));
	}

	ChildState state(String path) {
		ManagedTree tree = treeOf(path);
		if (tree == null) {
			return ChildState.STOPPED;
		}
		if (tree.tree.state() == ChildState.FAILED) {
			return ChildState.FAILED;
		}
		try {
			return tree.tree.find(path).map(NodeSnapshot::state).orElse(ChildState.STOPPED);
		}
		catch (IllegalStateException ex) {
			// Asked from a supervisor's own thread, which cannot answer itself.
			return ChildState.STOPPED;
		}
	}

	/**
	 * Whether the child may come back by itself, looked at from its tree down: the first node on
	 * its path that is not running decides (a supervisor restarting brings its children back).
	 */
	ChildAvailability availability(String path) {
		ManagedTree tree = treeOf(path);
		if (tree == null) {
			return ChildAvailability.down("absent", 0);
		}
		ChildState treeState = tree.tree.state();
		if (treeState == ChildState.STARTING) {
			return ChildAvailability.transitional("starting (tree '" + tree.name() + "' is starting)");
		}
		if (treeState != ChildState.RUNNING) {
			return ChildAvailability.down(name(treeState) + " (tree '" + tree.name() + "' is " + name(treeState) + ")",
					0);
		}
		try {
			String[] segments = path.split("/");
			ChildAvailability decided = walk(tree, segments, segments.length);
			if (decided.mayComeBack() || decided.stoppedAt() <= 1) {
				return decided;
			}
			// Read once more above where it was decided: a supervisor that stops by itself has set
			// its children down before its parent shows it stopping, and would bring them back.
			ChildAvailability above = walk(tree, segments, decided.stoppedAt());
			return above.mayComeBack() || above.stoppedAt() < decided.stoppedAt() ? above : decided;
		}
		catch (IllegalStateException ex) {
			// Asked from a supervisor's own thread, which cannot answer itself: wait, bounded.
			return ChildAvailability.transitional("unknown");
		}
	}

	/** The availability decided by the first node that is not running, among the first {@code depth - 1} levels. */
	private ChildAvailability walk(ManagedTree tree, String[] segments, int depth) {
		StringBuilder prefix = new StringBuilder(segments[0]);
		for (int i = 1; i < depth; i++) {
			prefix.append('/').append(segments[i]);
			String at = prefix.toString();
			boolean child = i == segments.length - 1;
			NodeSnapshot node = tree.tree.find(at, NODE_ONLY).orElse(null);
			if (node == null) {
				return ChildAvailability.down(child ? "absent: it does not exist in its running tree (a dynamic "
						+ "child that ended, or was never started)" : "absent (supervisor '" + at + "' does not exist)",
						i);
			}
			String state = name(node.state()) + (child ? "" : " (supervisor '" + at + "' is " + name(node.state()) + ")");
			if (node.restartPending() || node.state() == ChildState.RESTARTING || node.state() == ChildState.DELAYED) {
				return ChildAvailability.pending(state, node.nextRestartAt());
			}
			if (node.state() == ChildState.STOPPED || node.state() == ChildState.FAILED) {
				return ChildAvailability.down(state, i);
			}
			if (child || node.state() != ChildState.RUNNING) {
				// Starting, or being stopped (for a restart, or not: its next event tells).
				return ChildAvailability.transitional(state);
			}
		}
		return ChildAvailability.transitional("running");
	}

	/** A state change that may decide whether waiting callers' children come back: wake them. */
	private void wakeWaiters(SupervisionEvent event) {
		switch (event.type()) {
			case EXITED, STOPPED, START_FAILED, RESTART_CANCELLED, DELETED, GAVE_UP, SUPERVISOR_STOPPED,
					SUPERVISOR_START_FAILED -> {
				if (event.kind().isSupervisor()) {
					this.slots.changedBelow(event.path());
				}
				else {
					this.slots.changed(event.path());
				}
			}
			default -> {
			}
		}
	}

	int waiting(String path) {
		return this.slots.waiting(path);
	}

	private static String name(ChildState state) {
		return state.name().toLowerCase(Locale.ROOT);
	}

	private @Nullable ManagedTree treeOf(String path) {
		return this.trees.get(treeName(path));
	}

	private static String treeName(String path) {
		int slash = path.indexOf('/');
		return (slash != -1) ? path.substring(0, slash) : path;
	}

	private record CoordinationRequirement(String property, String action) {
	}

}
