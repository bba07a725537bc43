package dev.supervisor.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.supervisor.AutoShutdown;
import dev.supervisor.RestartType;
import dev.supervisor.Shutdown;
import dev.supervisor.Strategy;
import dev.supervisor.spring.cluster.ClusterMode;
import dev.supervisor.spring.OnGiveUp;
import dev.supervisor.spring.assembly.ChildType;
import dev.supervisor.spring.assembly.ConfigurationProblem;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.context.SmartLifecycle;

/**
 * Configuration properties for supervision trees.
 * <p>
 * Each kind of node has its own type, and a key is valid for a node exactly when its type
 * has the property: {@link SupervisorTree} and {@link DynamicSupervisorTree} for root
 * trees, {@link WorkerChild} (workers and services), {@link SupervisorChild} and
 * {@link DynamicSupervisorChild} for children. Which type a node is bound to is decided
 * from its keys ({@code type}, then {@code bean} or {@code class}, {@code template},
 * {@code children}); a key the node's type does not have fails start-up.
 */
@ConfigurationProperties("supervision")
public class SupervisionProperties {

	/**
	 * Whether to run the supervision trees.
	 */
	private boolean enabled = true;

	/**
	 * Supervision trees by name. Each is a root supervisor whose path is its name; trees
	 * start in declaration order and stop in reverse.
	 */
	private Map<String, Tree> trees = new LinkedHashMap<>();

	private final Lifecycle lifecycle = new Lifecycle();

	private final Handles handles = new Handles();

	private final History history = new History();

	private final Console console = new Console();

	private final Cluster cluster = new Cluster();

	/** Values that could not be bound, reported with the problems of the trees. */
	private final List<ConfigurationProblem> bindingProblems = new ArrayList<>();

	/**
	 * Return whether to run the supervision trees.
	 * @return whether to run the supervision trees
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Set whether to run the supervision trees.
	 * @param enabled whether to run the supervision trees
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Return the trees by name, in declaration order.
	 * @return the trees by name
	 */
	public Map<String, Tree> getTrees() {
		return this.trees;
	}

	/**
	 * Set the trees by name.
	 * @param trees the trees by name
	 */
	public void setTrees(Map<String, Tree> trees) {
		this.trees = trees;
	}

	/**
	 * Return how trees take part in the application context's lifecycle.
	 * @return the lifecycle settings
	 */
	public Lifecycle getLifecycle() {
		return this.lifecycle;
	}

	/**
	 * Return how calls through handles wait for a child.
	 * @return the handle settings
	 */
	public Handles getHandles() {
		return this.handles;
	}

	/**
	 * Return the event history settings.
	 * @return the history settings
	 */
	public History getHistory() {
		return this.history;
	}

	/**
	 * Return the operators' console settings.
	 * @return the console settings
	 */
	public Console getConsole() {
		return this.console;
	}

	/**
	 * Return how the replicas of the application coordinate the trees they share.
	 * @return the cluster settings
	 */
	public Cluster getCluster() {
		return this.cluster;
	}

	/**
	 * Records values that could not be bound (left at their defaults), so that they are
	 * reported with the problems of the trees.
	 * @param problems the problems
	 */
	void addBindingProblems(List<ConfigurationProblem> problems) {
		this.bindingProblems.addAll(problems);
	}

	/**
	 * The values that could not be bound.
	 * @return the problems, empty if every value was bound
	 */
	List<ConfigurationProblem> bindingProblems() {
		return List.copyOf(this.bindingProblems);
	}

	/**
	 * The settings of a static supervisor, a root tree or a nested one (OTP's supervisor
	 * flags and child list).
	 */
	public interface StaticSupervisorSettings {

		/**
		 * Return the restart strategy.
		 * @return the restart strategy
		 */
		Strategy getStrategy();

		/**
		 * Return the maximum number of restarts within the period.
		 * @return the maximum number of restarts
		 */
		int getIntensity();

		/**
		 * Return the window in which restarts are counted.
		 * @return the period
		 */
		Duration getPeriod();

		/**
		 * Return when the supervisor stops by itself because significant children exited.
		 * @return the auto-shutdown
		 */
		AutoShutdown getAutoShutdown();

		/**
		 * Return the children, in start order.
		 * @return the children
		 */
		List<Child> getChildren();

	}

	/**
	 * The settings of a dynamic supervisor, a root tree or a nested one (OTP's
	 * {@code simple_one_for_one}).
	 */
	public interface DynamicSupervisorSettings {

		/**
		 * Return the maximum number of restarts within the period.
		 * @return the maximum number of restarts
		 */
		int getIntensity();

		/**
		 * Return the window in which restarts are counted.
		 * @return the period
		 */
		Duration getPeriod();

		/**
		 * Return when the supervisor stops by itself because its significant children exited
		 * (with a significant template).
		 * @return the auto-shutdown
		 */
		AutoShutdown getAutoShutdown();

		/**
		 * Return the maximum number of children at once.
		 * @return the maximum, or {@code null} for no limit
		 */
		@Nullable Integer getMaxChildren();

		/**
		 * Return the template every child is started from.
		 * @return the template, or {@code null} if none is declared (an error)
		 */
		@Nullable Child getTemplate();

	}

	/**
	 * A root tree: a {@link SupervisorTree} or a {@link DynamicSupervisorTree}, with the
	 * settings only a root has.
	 */
	public abstract static class Tree {

		/**
		 * Type of the root supervisor: 'supervisor' (static) or 'dynamic'. By default,
		 * 'dynamic' when a template is set.
		 */
		private ChildType type = ChildType.AUTO;

		/**
		 * What the application does when the tree gives up (reaches its maximum restart
		 * intensity).
		 */
		private OnGiveUp onGiveUp = OnGiveUp.STAY_DOWN;

		/**
		 * Exit status of the process when the tree gives up, or fails to start, and on-give-up
		 * is 'shutdown-application'.
		 */
		private int exitCode = 1;

		/**
		 * Whether the tree runs on virtual threads (Java 21+). By default, as
		 * spring.threads.virtual.enabled says.
		 */
		private @Nullable Boolean virtualThreads;

		/**
		 * Whether the application refuses traffic (readiness state) while this tree is down.
		 */
		private boolean readiness;

		/**
		 * Where the replicas of the application run the tree: 'local' (each its own copy),
		 * 'singleton' (one replica at a time, the one holding the tree's leadership lock in
		 * the application's LockRegistry) or, for a dynamic tree, 'distributed' (each child
		 * on exactly one replica, spread over them).
		 */
		private ClusterMode cluster = ClusterMode.LOCAL;

		/**
		 * Return the declared type of the root supervisor.
		 * @return the declared type, {@link ChildType#AUTO} if not declared
		 */
		public ChildType getType() {
			return this.type;
		}

		/**
		 * Set the declared type of the root supervisor.
		 * @param type the declared type
		 */
		public void setType(ChildType type) {
			this.type = type;
		}

		/**
		 * Return what the application does when the tree gives up.
		 * @return what the application does when the tree gives up
		 */
		public OnGiveUp getOnGiveUp() {
			return this.onGiveUp;
		}

		/**
		 * Set what the application does when the tree gives up.
		 * @param onGiveUp what the application does when the tree gives up
		 */
		public void setOnGiveUp(OnGiveUp onGiveUp) {
			this.onGiveUp = onGiveUp;
		}

		/**
		 * Return the exit code of the JVM when the tree gives up.
		 * @return the exit code
		 */
		public int getExitCode() {
			return this.exitCode;
		}

		/**
		 * Set the exit code of the JVM when the tree gives up.
		 * @param exitCode the exit code
		 */
		public void setExitCode(int exitCode) {
			this.exitCode = exitCode;
		}

		/**
		 * Return whether the tree runs on virtual threads.
		 * @return whether the tree runs on virtual threads, or {@code null} to follow
		 * {@code spring.threads.virtual.enabled}
		 */
		public @Nullable Boolean getVirtualThreads() {
			return this.virtualThreads;
		}

		/**
		 * Set whether the tree runs on virtual threads.
		 * @param virtualThreads whether the tree runs on virtual threads, or {@code null}
		 * to follow {@code spring.threads.virtual.enabled}
		 */
		public void setVirtualThreads(@Nullable Boolean virtualThreads) {
			this.virtualThreads = virtualThreads;
		}

		/**
		 * Return whether the application refuses traffic while this tree is down.
		 * @return whether the tree takes part in the readiness state
		 */
		public boolean isReadiness() {
			return this.readiness;
		}

		/**
		 * Set whether the application refuses traffic while this tree is down.
		 * @param readiness whether the tree takes part in the readiness state
		 */
		public void setReadiness(boolean readiness) {
			this.readiness = readiness;
		}

		/**
		 * Return where the replicas of the application run the tree.
		 * @return the cluster mode, {@link ClusterMode#LOCAL} by default
		 */
		public ClusterMode getCluster() {
			return this.cluster;
		}

		/**
		 * Set where the replicas of the application run the tree.
		 * @param cluster the cluster mode
		 */
		public void setCluster(ClusterMode cluster) {
			this.cluster = cluster;
		}

	}

	/**
	 * A root tree that is a static supervisor.
	 */
	public static class SupervisorTree extends Tree implements StaticSupervisorSettings {

		/**
		 * Restart strategy: which children are restarted with the one that exited.
		 */
		private Strategy strategy = Strategy.ONE_FOR_ONE;

		/**
		 * Maximum number of restarts allowed within the period; one more makes the
		 * supervisor give up. 0 escalates the first failure.
		 */
		private int intensity = 3;

		/**
		 * Sliding window in which restarts are counted.
		 */
		private Duration period = Duration.ofSeconds(5);

		/**
		 * When the supervisor stops by itself because significant children exited.
		 */
		private AutoShutdown autoShutdown = AutoShutdown.NEVER;

		/**
		 * Children, started in this order and stopped in reverse.
		 */
		private List<Child> children = new ArrayList<>();

		@Override
		public Strategy getStrategy() {
			return this.strategy;
		}

		/**
		 * Set the restart strategy.
		 * @param strategy the restart strategy
		 */
		public void setStrategy(Strategy strategy) {
			this.strategy = strategy;
		}

		@Override
		public int getIntensity() {
			return this.intensity;
		}

		/**
		 * Set the maximum number of restarts within the period.
		 * @param intensity the maximum number of restarts
		 */
		public void setIntensity(int intensity) {
			this.intensity = intensity;
		}

		@Override
		public Duration getPeriod() {
			return this.period;
		}

		/**
		 * Set the window in which restarts are counted.
		 * @param period the period
		 */
		public void setPeriod(Duration period) {
			this.period = period;
		}

		@Override
		public AutoShutdown getAutoShutdown() {
			return this.autoShutdown;
		}

		/**
		 * Set when the supervisor stops by itself because significant children exited.
		 * @param autoShutdown the auto-shutdown
		 */
		public void setAutoShutdown(AutoShutdown autoShutdown) {
			this.autoShutdown = autoShutdown;
		}

		@Override
		public List<Child> getChildren() {
			return this.children;
		}

		/**
		 * Set the children, in start order.
		 * @param children the children
		 */
		public void setChildren(List<Child> children) {
			this.children = children;
		}

	}

	/**
	 * A root tree that is a dynamic supervisor.
	 */
	public static class DynamicSupervisorTree extends Tree implements DynamicSupervisorSettings {

		/**
		 * Maximum number of restarts allowed within the period; one more makes the
		 * supervisor give up. 0 escalates the first failure.
		 */
		private int intensity = 3;

		/**
		 * Sliding window in which restarts are counted.
		 */
		private Duration period = Duration.ofSeconds(5);

		/**
		 * When the supervisor stops by itself because significant children exited.
		 */
		private AutoShutdown autoShutdown = AutoShutdown.NEVER;

		/**
		 * Maximum number of children at once. By default, no limit.
		 */
		private @Nullable Integer maxChildren;

		/**
		 * Template every child is started from.
		 */
		private @Nullable Child template;

		@Override
		public int getIntensity() {
			return this.intensity;
		}

		/**
		 * Set the maximum number of restarts within the period.
		 * @param intensity the maximum number of restarts
		 */
		public void setIntensity(int intensity) {
			this.intensity = intensity;
		}

		@Override
		public Duration getPeriod() {
			return this.period;
		}

		/**
		 * Set the window in which restarts are counted.
		 * @param period the period
		 */
		public void setPeriod(Duration period) {
			this.period = period;
		}

		@Override
		public AutoShutdown getAutoShutdown() {
			return this.autoShutdown;
		}

		/**
		 * Set when the supervisor stops by itself because significant children exited.
		 * @param autoShutdown the auto-shutdown
		 */
		public void setAutoShutdown(AutoShutdown autoShutdown) {
			this.autoShutdown = autoShutdown;
		}

		@Override
		public @Nullable Integer getMaxChildren() {
			return this.maxChildren;
		}

		/**
		 * Set the maximum number of children at once.
		 * @param maxChildren the maximum, or {@code null} for no limit
		 */
		public void setMaxChildren(@Nullable Integer maxChildren) {
			this.maxChildren = maxChildren;
		}

		@Override
		public @Nullable Child getTemplate() {
			return this.template;
		}

		/**
		 * Set the template every child is started from.
		 * @param template the template
		 */
		public void setTemplate(@Nullable Child template) {
			this.template = template;
		}

	}

	/**
	 * A child of a supervisor, or the template of a dynamic supervisor: a
	 * {@link WorkerChild}, a {@link SupervisorChild} or a {@link DynamicSupervisorChild},
	 * with the settings every child has.
	 */
	public abstract static class Child {

		/**
		 * Id of the child, unique among its siblings; the last segment of its path. Not
		 * set on a template: each dynamic child gets its id when it is started.
		 */
		private @Nullable String id;

		/**
		 * What the child is: 'worker', 'service', 'supervisor' or 'dynamic'. By default,
		 * taken from the bean's type (a Worker or Runnable is a worker, a Service or
		 * Spring Lifecycle a service), or 'supervisor' with children and 'dynamic' with a
		 * template.
		 */
		private ChildType type = ChildType.AUTO;

		/**
		 * When the child is restarted after it exits.
		 */
		private RestartType restart = RestartType.PERMANENT;

		/**
		 * How the child is stopped: a duration to wait for it, 'infinity' or
		 * 'brutal-kill'. By default, 5s for workers and services and 'infinity' for
		 * supervisors.
		 */
		private @Nullable Shutdown shutdown;

		/**
		 * Whether the child's own exit may stop its supervisor (see auto-shutdown). Only
		 * for transient and temporary children.
		 */
		private boolean significant;

		/**
		 * Exponential backoff between consecutive restarts of the child.
		 */
		private @Nullable Backoff backoff;

		/**
		 * Delay after which the child is restarted when a restart would exceed the
		 * supervisor's intensity, instead of the supervisor giving up.
		 */
		private @Nullable Duration delayOnMaxIntensity;

		/**
		 * Return the id of the child.
		 * @return the id, or {@code null} if not set
		 */
		public @Nullable String getId() {
			return this.id;
		}

		/**
		 * Set the id of the child.
		 * @param id the id
		 */
		public void setId(@Nullable String id) {
			this.id = id;
		}

		/**
		 * Return the declared type of the child.
		 * @return the declared type, {@link ChildType#AUTO} if not declared
		 */
		public ChildType getType() {
			return this.type;
		}

		/**
		 * Set the declared type of the child.
		 * @param type the declared type
		 */
		public void setType(ChildType type) {
			this.type = type;
		}

		/**
		 * Return when the child is restarted.
		 * @return the restart type
		 */
		public RestartType getRestart() {
			return this.restart;
		}

		/**
		 * Set when the child is restarted.
		 * @param restart the restart type
		 */
		public void setRestart(RestartType restart) {
			this.restart = restart;
		}

		/**
		 * Return how the child is stopped.
		 * @return the shutdown, or {@code null} for the default of the child's kind
		 */
		public @Nullable Shutdown getShutdown() {
			return this.shutdown;
		}

		/**
		 * Set how the child is stopped.
		 * @param shutdown the shutdown, or {@code null} for the default of the child's
		 * kind
		 */
		public void setShutdown(@Nullable Shutdown shutdown) {
			this.shutdown = shutdown;
		}

		/**
		 * Return whether the child's own exit may stop its supervisor.
		 * @return whether the child is significant
		 */
		public boolean isSignificant() {
			return this.significant;
		}

		/**
		 * Set whether the child's own exit may stop its supervisor.
		 * @param significant whether the child is significant
		 */
		public void setSignificant(boolean significant) {
			this.significant = significant;
		}

		/**
		 * Return the backoff between consecutive restarts.
		 * @return the backoff, or {@code null} to restart at once
		 */
		public @Nullable Backoff getBackoff() {
			return this.backoff;
		}

		/**
		 * Set the backoff between consecutive restarts.
		 * @param backoff the backoff, or {@code null} to restart at once
		 */
		public void setBackoff(@Nullable Backoff backoff) {
			this.backoff = backoff;
		}

		/**
		 * Return the delay of a restart that would exceed the supervisor's intensity.
		 * @return the delay, or {@code null} to let the supervisor give up
		 */
		public @Nullable Duration getDelayOnMaxIntensity() {
			return this.delayOnMaxIntensity;
		}

		/**
		 * Set the delay of a restart that would exceed the supervisor's intensity.
		 * @param delayOnMaxIntensity the delay, or {@code null} to let the supervisor give
		 * up
		 */
		public void setDelayOnMaxIntensity(@Nullable Duration delayOnMaxIntensity) {
			this.delayOnMaxIntensity = delayOnMaxIntensity;
		}

	}

	/**
	 * A worker or a service, made from a bean or a class.
	 */
	public static class WorkerChild extends Child {

		/**
		 * Name of the bean each incarnation is made from. A prototype bean gives a fresh
		 * instance per incarnation; a singleton is stopped and started again.
		 */
		private @Nullable String bean;

		/**
		 * Fully qualified name of a class instantiated and autowired for each
		 * incarnation.
		 */
		@Name("class")
		private @Nullable String className;

		/**
		 * Return the name of the bean each incarnation is made from.
		 * @return the bean name, or {@code null} if not set
		 */
		public @Nullable String getBean() {
			return this.bean;
		}

		/**
		 * Set the name of the bean each incarnation is made from.
		 * @param bean the bean name
		 */
		public void setBean(@Nullable String bean) {
			this.bean = bean;
		}

		/**
		 * Return the class instantiated for each incarnation.
		 * @return the fully qualified class name, or {@code null} if not set
		 */
		public @Nullable String getClassName() {
			return this.className;
		}

		/**
		 * Set the class instantiated for each incarnation.
		 * @param className the fully qualified class name
		 */
		public void setClassName(@Nullable String className) {
			this.className = className;
		}

		// Listener containers as children (issue 12).

		/**
		 * Id of a Spring Kafka listener container the child is: a @KafkaListener id or the
		 * name of a container bean. The supervisor takes the container over from Spring and
		 * starts it afresh for each incarnation.
		 */
		private @Nullable String kafkaListener;

		/**
		 * Id of a Spring AMQP listener container the child is: a @RabbitListener id or the
		 * name of a container bean. The supervisor takes the container over from Spring and
		 * starts it afresh for each incarnation.
		 */
		private @Nullable String rabbitListener;

		/**
		 * Return the id of the Spring Kafka listener container the child is.
		 * @return the container's id, or {@code null} if not set
		 */
		public @Nullable String getKafkaListener() {
			return this.kafkaListener;
		}

		/**
		 * Set the id of the Spring Kafka listener container the child is.
		 * @param kafkaListener a @KafkaListener id or a container bean's name
		 */
		public void setKafkaListener(@Nullable String kafkaListener) {
			this.kafkaListener = kafkaListener;
		}

		/**
		 * Return the id of the Spring AMQP listener container the child is.
		 * @return the container's id, or {@code null} if not set
		 */
		public @Nullable String getRabbitListener() {
			return this.rabbitListener;
		}

		/**
		 * Set the id of the Spring AMQP listener container the child is.
		 * @param rabbitListener a @RabbitListener id or a container bean's name
		 */
		public void setRabbitListener(@Nullable String rabbitListener) {
			this.rabbitListener = rabbitListener;
		}

	}

	/**
	 * A nested static supervisor.
	 */
	public static class SupervisorChild extends Child implements StaticSupervisorSettings {

		/**
		 * Restart strategy: which children are restarted with the one that exited.
		 */
		private Strategy strategy = Strategy.ONE_FOR_ONE;

		/**
		 * Maximum number of restarts allowed within the period; one more makes the
		 * supervisor give up. 0 escalates the first failure.
		 */
		private int intensity = 3;

		/**
		 * Sliding window in which restarts are counted.
		 */
		private Duration period = Duration.ofSeconds(5);

		/**
		 * When the supervisor stops by itself because significant children exited.
		 */
		private AutoShutdown autoShutdown = AutoShutdown.NEVER;

		/**
		 * Children, started in this order and stopped in reverse.
		 */
		private List<Child> children = new ArrayList<>();

		@Override
		public Strategy getStrategy() {
			return this.strategy;
		}

		/**
		 * Set the restart strategy.
		 * @param strategy the restart strategy
		 */
		public void setStrategy(Strategy strategy) {
			this.strategy = strategy;
		}

		@Override
		public int getIntensity() {
			return this.intensity;
		}

		/**
		 * Set the maximum number of restarts within the period.
		 * @param intensity the maximum number of restarts
		 */
		public void setIntensity(int intensity) {
			this.intensity = intensity;
		}

		@Override
		public Duration getPeriod() {
			return this.period;
		}

		/**
		 * Set the window in which restarts are counted.
		 * @param period the period
		 */
		public void setPeriod(Duration period) {
			this.period = period;
		}

		@Override
		public AutoShutdown getAutoShutdown() {
			return this.autoShutdown;
		}

		/**
		 * Set when the supervisor stops by itself because significant children exited.
		 * @param autoShutdown the auto-shutdown
		 */
		public void setAutoShutdown(AutoShutdown autoShutdown) {
			this.autoShutdown = autoShutdown;
		}

		@Override
		public List<Child> getChildren() {
			return this.children;
		}

		/**
		 * Set the children, in start order.
		 * @param children the children
		 */
		public void setChildren(List<Child> children) {
			this.children = children;
		}

	}

	/**
	 * A nested dynamic supervisor.
	 */
	public static class DynamicSupervisorChild extends Child implements DynamicSupervisorSettings {

		/**
		 * Maximum number of restarts allowed within the period; one more makes the
		 * supervisor give up. 0 escalates the first failure.
		 */
		private int intensity = 3;

		/**
		 * Sliding window in which restarts are counted.
		 */
		private Duration period = Duration.ofSeconds(5);

		/**
		 * When the supervisor stops by itself because significant children exited.
		 */
		private AutoShutdown autoShutdown = AutoShutdown.NEVER;

		/**
		 * Maximum number of children at once. By default, no limit.
		 */
		private @Nullable Integer maxChildren;

		/**
		 * Template every child is started from.
		 */
		private @Nullable Child template;

		@Override
		public int getIntensity() {
			return this.intensity;
		}

		/**
		 * Set the maximum number of restarts within the period.
		 * @param intensity the maximum number of restarts
		 */
		public void setIntensity(int intensity) {
			this.intensity = intensity;
		}

		@Override
		public Duration getPeriod() {
			return this.period;
		}

		/**
		 * Set the window in which restarts are counted.
		 * @param period the period
		 */
		public void setPeriod(Duration period) {
			this.period = period;
		}

		@Override
		public AutoShutdown getAutoShutdown() {
			return this.autoShutdown;
		}

		/**
		 * Set when the supervisor stops by itself because significant children exited.
		 * @param autoShutdown the auto-shutdown
		 */
		public void setAutoShutdown(AutoShutdown autoShutdown) {
			this.autoShutdown = autoShutdown;
		}

		@Override
		public @Nullable Integer getMaxChildren() {
			return this.maxChildren;
		}

		/**
		 * Set the maximum number of children at once.
		 * @param maxChildren the maximum, or {@code null} for no limit
		 */
		public void setMaxChildren(@Nullable Integer maxChildren) {
			this.maxChildren = maxChildren;
		}

		@Override
		public @Nullable Child getTemplate() {
			return this.template;
		}

		/**
		 * Set the template every child is started from.
		 * @param template the template
		 */
		public void setTemplate(@Nullable Child template) {
			this.template = template;
		}

	}

	/**
	 * Exponential restart backoff.
	 */
	public static class Backoff {

		/**
		 * Delay before the first restart of a series.
		 */
		private Duration initial = Duration.ofMillis(100);

		/**
		 * Largest delay between two restarts, before jitter.
		 */
		private Duration max = Duration.ofSeconds(30);

		/**
		 * Random fraction of the delay added to it, between 0 and 1.
		 */
		private double jitter;

		/**
		 * How long the child must run before the next restart waits the initial delay
		 * again.
		 */
		private Duration resetAfter = Duration.ofMinutes(1);

		/**
		 * Return the delay before the first restart of a series.
		 * @return the initial delay
		 */
		public Duration getInitial() {
			return this.initial;
		}

		/**
		 * Set the delay before the first restart of a series.
		 * @param initial the initial delay
		 */
		public void setInitial(Duration initial) {
			this.initial = initial;
		}

		/**
		 * Return the largest delay between two restarts, before jitter.
		 * @return the largest delay
		 */
		public Duration getMax() {
			return this.max;
		}

		/**
		 * Set the largest delay between two restarts, before jitter.
		 * @param max the largest delay
		 */
		public void setMax(Duration max) {
			this.max = max;
		}

		/**
		 * Return the random fraction of the delay added to it.
		 * @return the jitter, between 0 and 1
		 */
		public double getJitter() {
			return this.jitter;
		}

		/**
		 * Set the random fraction of the delay added to it.
		 * @param jitter the jitter, between 0 and 1
		 */
		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

		/**
		 * Return how long the child must run before the delay starts over.
		 * @return the reset time
		 */
		public Duration getResetAfter() {
			return this.resetAfter;
		}

		/**
		 * Set how long the child must run before the delay starts over.
		 * @param resetAfter the reset time
		 */
		public void setResetAfter(Duration resetAfter) {
			this.resetAfter = resetAfter;
		}

	}

	/**
	 * How trees take part in the application context's lifecycle.
	 */
	public static class Lifecycle {

		/**
		 * Lifecycle phase of the last declared tree; earlier trees take the phases just
		 * below it. Keep it below the web server's start and stop phase
		 * (SmartLifecycle.DEFAULT_PHASE - 2048) so that trees start before the server
		 * takes traffic and stop after it has drained.
		 */
		private int phase = SmartLifecycle.DEFAULT_PHASE - 4096;

		/**
		 * Whether to fail start-up when a tree may take longer to stop than
		 * spring.lifecycle.timeout-per-shutdown-phase, rather than log a warning.
		 */
		private boolean enforceShutdownBudget;

		/**
		 * How often a Spring Lifecycle bean supervised as a service is checked: isRunning()
		 * turning false without a stop request counts as a crash. By default, not checked.
		 */
		private @Nullable Duration livenessInterval;

		/**
		 * Return the lifecycle phase of the last declared tree.
		 * @return the phase
		 */
		public int getPhase() {
			return this.phase;
		}

		/**
		 * Set the lifecycle phase of the last declared tree.
		 * @param phase the phase
		 */
		public void setPhase(int phase) {
			this.phase = phase;
		}

		/**
		 * Return whether start-up fails when a tree may stop slower than the shutdown
		 * phase timeout.
		 * @return whether the shutdown budget is enforced
		 */
		public boolean isEnforceShutdownBudget() {
			return this.enforceShutdownBudget;
		}

		/**
		 * Set whether start-up fails when a tree may stop slower than the shutdown phase
		 * timeout.
		 * @param enforceShutdownBudget whether the shutdown budget is enforced
		 */
		public void setEnforceShutdownBudget(boolean enforceShutdownBudget) {
			this.enforceShutdownBudget = enforceShutdownBudget;
		}

		/**
		 * Return how often a Spring Lifecycle bean supervised as a service is checked.
		 * @return the interval, or {@code null} if not checked
		 */
		public @Nullable Duration getLivenessInterval() {
			return this.livenessInterval;
		}

		/**
		 * Set how often a Spring Lifecycle bean supervised as a service is checked.
		 * @param livenessInterval the interval, or {@code null} not to check
		 */
		public void setLivenessInterval(@Nullable Duration livenessInterval) {
			this.livenessInterval = livenessInterval;
		}

	}

	/**
	 * Calls made to supervised children through handles.
	 */
	public static class Handles {

		/**
		 * Maximum time a call waits for a child that is not running (restarting, for
		 * instance) before it fails.
		 */
		private Duration waitTimeout = Duration.ofSeconds(5);

		/**
		 * Maximum number of callers waiting for one child; further callers fail at once.
		 */
		private int maxWaiting = 100;

		/**
		 * Return the maximum time a call waits for a child that is not running.
		 * @return the wait timeout
		 */
		public Duration getWaitTimeout() {
			return this.waitTimeout;
		}

		/**
		 * Set the maximum time a call waits for a child that is not running.
		 * @param waitTimeout the wait timeout
		 */
		public void setWaitTimeout(Duration waitTimeout) {
			this.waitTimeout = waitTimeout;
		}

		/**
		 * Return the maximum number of callers waiting for one child.
		 * @return the maximum number of waiting callers
		 */
		public int getMaxWaiting() {
			return this.maxWaiting;
		}

		/**
		 * Set the maximum number of callers waiting for one child.
		 * @param maxWaiting the maximum number of waiting callers
		 */
		public void setMaxWaiting(int maxWaiting) {
			this.maxWaiting = maxWaiting;
		}

	}

	/**
	 * The event history every node keeps.
	 */
	public static class History {

		/**
		 * Whether to keep the last events of every node (served by the supervision endpoint
		 * with ?history=true).
		 */
		private boolean enabled = true;

		/**
		 * Maximum number of events kept per node; the children of a dynamic supervisor share
		 * their supervisor's.
		 */
		private int size = 100;

		/**
		 * Return whether to keep the last events of every node.
		 * @return whether a history is kept
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Set whether to keep the last events of every node.
		 * @param enabled whether a history is kept
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Return the maximum number of events kept per node.
		 * @return the number of events kept per node
		 */
		public int getSize() {
			return this.size;
		}

		/**
		 * Set the maximum number of events kept per node.
		 * @param size the number of events kept per node
		 */
		public void setSize(int size) {
			this.size = size;
		}

	}

	/**
	 * How the replicas of an application coordinate the trees they share (trees with
	 * 'cluster: singleton' or 'cluster: distributed').
	 */
	public static class Cluster {

		/**
		 * Id of this replica in leadership logs, events, the endpoint and the membership of
		 * distributed trees. By default, the host name and the process id.
		 */
		private @Nullable String replicaId;

		/**
		 * How long a lock stays held after its replica stopped renewing it (killed, or cut
		 * off from the lock store): the failover time after a crash. Given to JDBC and Redis
		 * locks with each renewal; for other lock registries, set it to the registry's own
		 * time-to-live.
		 */
		private Duration lockTtl = Duration.ofSeconds(10);

		/**
		 * How often the leader of a singleton renews its lock (and a standby tries to take
		 * it), and how often a distributed tree runs a round.
		 */
		private Duration heartbeat = Duration.ofMillis(500);

		/**
		 * Number of partitions the children of a distributed tree are hashed into. Each
		 * partition is one lock, renewed by the replica that runs it, and moves between
		 * replicas with all its children: more partitions spread children more evenly, fewer
		 * renew fewer locks. Must be the same on every replica.
		 */
		private int partitions = 256;

		/**
		 * Return the id of this replica.
		 * @return the replica id, or {@code null} for the default
		 */
		public @Nullable String getReplicaId() {
			return this.replicaId;
		}

		/**
		 * Set the id of this replica.
		 * @param replicaId the replica id
		 */
		public void setReplicaId(@Nullable String replicaId) {
			this.replicaId = replicaId;
		}

		/**
		 * Return how long a lock stays held after its replica stopped renewing it.
		 * @return the lock's time-to-live
		 */
		public Duration getLockTtl() {
			return this.lockTtl;
		}

		/**
		 * Set how long a lock stays held after its replica stopped renewing it.
		 * @param lockTtl the lock's time-to-live
		 */
		public void setLockTtl(Duration lockTtl) {
			this.lockTtl = lockTtl;
		}

		/**
		 * Return how often locks are renewed.
		 * @return the heart-beat
		 */
		public Duration getHeartbeat() {
			return this.heartbeat;
		}

		/**
		 * Set how often locks are renewed.
		 * @param heartbeat the heart-beat
		 */
		public void setHeartbeat(Duration heartbeat) {
			this.heartbeat = heartbeat;
		}

		/**
		 * Return how many partitions the children of a distributed tree are hashed into.
		 * @return the number of partitions
		 */
		public int getPartitions() {
			return this.partitions;
		}

		/**
		 * Set how many partitions the children of a distributed tree are hashed into.
		 * @param partitions the number of partitions, at least 1
		 */
		public void setPartitions(int partitions) {
			this.partitions = partitions;
		}

	}

	/**
	 * The operators' web console, served under the supervision endpoint's path.
	 */
	public static class Console {

		/**
		 * Whether to serve the console page and its live event stream under the supervision
		 * endpoint's path (/actuator/supervision/_console/).
		 */
		private boolean enabled;

		/**
		 * Maximum number of live event streams open at once; further ones are refused (503)
		 * until one closes.
		 */
		private int maxClients = 16;

		/**
		 * Maximum number of events buffered per live stream; a client that reads slower
		 * loses events (and is told how many).
		 */
		private int clientBuffer = 256;

		/**
		 * How often an idle live stream sends a heartbeat, which also detects clients that
		 * went away.
		 */
		private Duration heartbeat = Duration.ofSeconds(15);

		/**
		 * Return whether to serve the console and its live event stream.
		 * @return whether the console is served
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Set whether to serve the console and its live event stream.
		 * @param enabled whether the console is served
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Return the maximum number of live event streams open at once.
		 * @return the maximum number of streams
		 */
		public int getMaxClients() {
			return this.maxClients;
		}

		/**
		 * Set the maximum number of live event streams open at once.
		 * @param maxClients the maximum number of streams
		 */
		public void setMaxClients(int maxClients) {
			this.maxClients = maxClients;
		}

		/**
		 * Return the maximum number of events buffered per live stream.
		 * @return the events buffered per stream
		 */
		public int getClientBuffer() {
			return this.clientBuffer;
		}

		/**
		 * Set the maximum number of events buffered per live stream.
		 * @param clientBuffer the events buffered per stream
		 */
		public void setClientBuffer(int clientBuffer) {
			this.clientBuffer = clientBuffer;
		}

		/**
		 * Return how often an idle live stream sends a heartbeat.
		 * @return the heartbeat interval
		 */
		public Duration getHeartbeat() {
			return this.heartbeat;
		}

		/**
		 * Set how often an idle live stream sends a heartbeat.
		 * @param heartbeat the heartbeat interval
		 */
		public void setHeartbeat(Duration heartbeat) {
			this.heartbeat = heartbeat;
		}

	}

}
