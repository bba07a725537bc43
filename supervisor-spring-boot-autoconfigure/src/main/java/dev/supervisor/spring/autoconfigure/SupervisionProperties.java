package dev.supervisor.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.supervisor.AutoShutdown;
import dev.supervisor.RestartType;
import dev.supervisor.Strategy;
import dev.supervisor.spring.OnGiveUp;
import dev.supervisor.spring.assembly.ChildType;
import dev.supervisor.spring.cluster.ClusterMode;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.context.SmartLifecycle;

/**
 * Configuration properties for supervision trees.
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

	private final Cluster cluster = new Cluster();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, Tree> getTrees() {
		return this.trees;
	}

	public void setTrees(Map<String, Tree> trees) {
		this.trees = trees;
	}

	public Lifecycle getLifecycle() {
		return this.lifecycle;
	}

	public Handles getHandles() {
		return this.handles;
	}

	public Cluster getCluster() {
		return this.cluster;
	}

	/**
	 * Settings shared by root trees and nested supervisors.
	 */
	public static class Supervisor {

		/**
		 * Restart strategy of a static supervisor: which siblings are restarted with a
		 * child.
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
		 * Children of a static supervisor, started in this order and stopped in reverse.
		 */
		private List<Child> children = new ArrayList<>();

		/**
		 * Maximum number of children a dynamic supervisor may have at once.
		 */
		private @Nullable Integer maxChildren;

		/**
		 * Template every child of a dynamic supervisor is started from.
		 */
		private @Nullable Child template;

		public Strategy getStrategy() {
			return this.strategy;
		}

		public void setStrategy(Strategy strategy) {
			this.strategy = strategy;
		}

		public int getIntensity() {
			return this.intensity;
		}

		public void setIntensity(int intensity) {
			this.intensity = intensity;
		}

		public Duration getPeriod() {
			return this.period;
		}

		public void setPeriod(Duration period) {
			this.period = period;
		}

		public AutoShutdown getAutoShutdown() {
			return this.autoShutdown;
		}

		public void setAutoShutdown(AutoShutdown autoShutdown) {
			this.autoShutdown = autoShutdown;
		}

		public List<Child> getChildren() {
			return this.children;
		}

		public void setChildren(List<Child> children) {
			this.children = children;
		}

		public @Nullable Integer getMaxChildren() {
			return this.maxChildren;
		}

		public void setMaxChildren(@Nullable Integer maxChildren) {
			this.maxChildren = maxChildren;
		}

		public @Nullable Child getTemplate() {
			return this.template;
		}

		public void setTemplate(@Nullable Child template) {
			this.template = template;
		}

	}

	/**
	 * A root tree.
	 */
	public static class Tree extends Supervisor {

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
		 * Exit code of the JVM when the tree gives up and on-give-up is
		 * 'shutdown-application'.
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

		public ClusterMode getCluster() {
			return this.cluster;
		}

		public void setCluster(ClusterMode cluster) {
			this.cluster = cluster;
		}

		public boolean isReadiness() {
			return this.readiness;
		}

		public void setReadiness(boolean readiness) {
			this.readiness = readiness;
		}

		public ChildType getType() {
			return this.type;
		}

		public void setType(ChildType type) {
			this.type = type;
		}

		public OnGiveUp getOnGiveUp() {
			return this.onGiveUp;
		}

		public void setOnGiveUp(OnGiveUp onGiveUp) {
			this.onGiveUp = onGiveUp;
		}

		public int getExitCode() {
			return this.exitCode;
		}

		public void setExitCode(int exitCode) {
			this.exitCode = exitCode;
		}

		public @Nullable Boolean getVirtualThreads() {
			return this.virtualThreads;
		}

		public void setVirtualThreads(@Nullable Boolean virtualThreads) {
			this.virtualThreads = virtualThreads;
		}

	}

	/**
	 * A child: a worker or service made from a bean or a class, or a nested supervisor.
	 */
	public static class Child extends Supervisor {

		/**
		 * Id of the child, unique among its siblings; the last segment of its path.
		 */
		private @Nullable String id;

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
		 * What the child is. By default, taken from the bean's type (a Worker or Runnable
		 * is a worker, a Service or Spring Lifecycle a service), or 'supervisor' with
		 * children and 'dynamic' with a template.
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
		private @Nullable String shutdown;

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

		public @Nullable String getId() {
			return this.id;
		}

		public void setId(@Nullable String id) {
			this.id = id;
		}

		public @Nullable String getBean() {
			return this.bean;
		}

		public void setBean(@Nullable String bean) {
			this.bean = bean;
		}

		public @Nullable String getClassName() {
			return this.className;
		}

		public void setClassName(@Nullable String className) {
			this.className = className;
		}

		public ChildType getType() {
			return this.type;
		}

		public void setType(ChildType type) {
			this.type = type;
		}

		public RestartType getRestart() {
			return this.restart;
		}

		public void setRestart(RestartType restart) {
			this.restart = restart;
		}

		public @Nullable String getShutdown() {
			return this.shutdown;
		}

		public void setShutdown(@Nullable String shutdown) {
			this.shutdown = shutdown;
		}

		public boolean isSignificant() {
			return this.significant;
		}

		public void setSignificant(boolean significant) {
			this.significant = significant;
		}

		public @Nullable Backoff getBackoff() {
			return this.backoff;
		}

		public void setBackoff(@Nullable Backoff backoff) {
			this.backoff = backoff;
		}

		public @Nullable Duration getDelayOnMaxIntensity() {
			return this.delayOnMaxIntensity;
		}

		public void setDelayOnMaxIntensity(@Nullable Duration delayOnMaxIntensity) {
			this.delayOnMaxIntensity = delayOnMaxIntensity;
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

		public Duration getInitial() {
			return this.initial;
		}

		public void setInitial(Duration initial) {
			this.initial = initial;
		}

		public Duration getMax() {
			return this.max;
		}

		public void setMax(Duration max) {
			this.max = max;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

		public Duration getResetAfter() {
			return this.resetAfter;
		}

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

		public @Nullable Duration getLivenessInterval() {
			return this.livenessInterval;
		}

		public void setLivenessInterval(@Nullable Duration livenessInterval) {
			this.livenessInterval = livenessInterval;
		}

		public int getPhase() {
			return this.phase;
		}

		public void setPhase(int phase) {
			this.phase = phase;
		}

		public boolean isEnforceShutdownBudget() {
			return this.enforceShutdownBudget;
		}

		public void setEnforceShutdownBudget(boolean enforceShutdownBudget) {
			this.enforceShutdownBudget = enforceShutdownBudget;
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

		public Duration getWaitTimeout() {
			return this.waitTimeout;
		}

		public void setWaitTimeout(Duration waitTimeout) {
			this.waitTimeout = waitTimeout;
		}

		public int getMaxWaiting() {
			return this.maxWaiting;
		}

		public void setMaxWaiting(int maxWaiting) {
			this.maxWaiting = maxWaiting;
		}

	}

	/**
	 * How the replicas of an application coordinate the trees they share (trees with
	 * 'cluster: singleton').
	 */
	public static class Cluster {

		/**
		 * Id of this replica in leadership logs, events and the endpoint. By default, the
		 * host name and the process id.
		 */
		private @Nullable String replicaId;

		/**
		 * How long a leadership lock stays held after its replica stopped renewing it
		 * (killed, or cut off from the lock store): the failover time after a crash. Given
		 * to JDBC and Redis locks with each renewal; for other lock registries, set it to
		 * the registry's own time-to-live.
		 */
		private Duration lockTtl = Duration.ofSeconds(10);

		/**
		 * How often the leader renews its leadership lock, and a standby tries to take it.
		 */
		private Duration heartbeat = Duration.ofMillis(500);

		public @Nullable String getReplicaId() {
			return this.replicaId;
		}

		public void setReplicaId(@Nullable String replicaId) {
			this.replicaId = replicaId;
		}

		public Duration getLockTtl() {
			return this.lockTtl;
		}

		public void setLockTtl(Duration lockTtl) {
			this.lockTtl = lockTtl;
		}

		public Duration getHeartbeat() {
			return this.heartbeat;
		}

		public void setHeartbeat(Duration heartbeat) {
			this.heartbeat = heartbeat;
		}

	}

}
