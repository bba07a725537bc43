package dev.supervisor.spring.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

import dev.supervisor.ChildState;
import dev.supervisor.Outcome;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.actuate.endpoint.SupervisionEndpoint;
import dev.supervisor.spring.actuate.endpoint.TreesDescriptor;
import dev.supervisor.spring.assembly.SupervisionConfigurationException;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import dev.supervisor.spring.autoconfigure.cluster.SupervisionClusterAutoConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.integration.support.locks.DefaultLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Singleton trees in one JVM: replicas are application contexts sharing one lock registry
 * (Spring Integration's in-memory {@link DefaultLockRegistry}), elected by the real
 * {@link LockRegistryLeaderInitiator}. The process-level guarantees are in
 * {@link SingletonFailoverIT}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SingletonTreeTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(SupervisionAutoConfiguration.class, SupervisionClusterAutoConfiguration.class))
		.withPropertyValues("supervision.trees.relay.cluster=singleton", "supervision.trees.relay.children[0].id=relay",
				"supervision.trees.relay.children[0].bean=relayWorker",
				"supervision.trees.relay.children[0].shutdown=1s", "supervision.cluster.heartbeat=50ms",
				"supervision.cluster.lock-ttl=2s");

	@Test
	void singletonTreeRunsOnlyOnTheReplicaHoldingItsLockAndMovesWhenThatReplicaLeaves() {
		Shared shared = new Shared(new DefaultLockRegistry());
		replica(shared, "a").run((a) -> {
			await().atMost(Duration.ofSeconds(10)).until(() -> shared.journal.contains("a started"));
			replica(shared, "b").run((b) -> {
				SupervisionRegistry standby = b.getBean(SupervisionRegistry.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> placement(b).role().equals(ClusterPlacement.STANDBY));
				assertThat(standby.tree("relay").orElseThrow().state()).isEqualTo(ChildState.STOPPED);
				assertThat(placement(a).role()).isEqualTo(ClusterPlacement.LEADER);
				Outcome refused = standby.restart("relay");
				assertThat(refused.status()).isEqualTo(Outcome.Status.NOT_SUPPORTED);
				assertThat(refused.message()).contains("does not hold its leadership");
				a.close();
				await().atMost(Duration.ofSeconds(10)).until(() -> shared.journal.contains("b started"));
				assertThat(shared.journal).containsSubsequence("a started", "a stopped", "a revoked RELEASED",
						"b started");
				assertThat(shared.journal).containsSubsequence("a revoked RELEASED", "b granted");
			});
		});
		assertThat(shared.journal).endsWith("b stopped", "b revoked RELEASED");
	}

	@Test
	void endpointAndMetersShowWhichReplicaRunsTheSingleton() {
		Shared shared = new Shared(new DefaultLockRegistry());
		SimpleMeterRegistry metersOfA = new SimpleMeterRegistry();
		SimpleMeterRegistry metersOfB = new SimpleMeterRegistry();
		replica(shared, "a").run((a) -> {
			a.getBean(ClusterMeters.class).bindTo(metersOfA);
			await().atMost(Duration.ofSeconds(10)).until(() -> shared.journal.contains("a granted"));
			replica(shared, "b").run((b) -> {
				b.getBean(ClusterMeters.class).bindTo(metersOfB);
				await().atMost(Duration.ofSeconds(5)).until(() -> placement(b).role().equals(ClusterPlacement.STANDBY));
				TreesDescriptor.ClusterDescriptor onA = cluster(a);
				TreesDescriptor.ClusterDescriptor onB = cluster(b);
				assertThat(onA.replica()).isEqualTo("a");
				assertThat(onA.trees().get("relay").role()).isEqualTo("leader");
				assertThat(onA.trees().get("relay").mode()).isEqualTo("singleton");
				assertThat(onB.replica()).isEqualTo("b");
				assertThat(onB.trees().get("relay").role()).isEqualTo("standby");
				assertThat(metersOfA.get("supervision.cluster.leader").tag("tree", "relay").gauge().value()).isEqualTo(1);
				assertThat(metersOfB.get("supervision.cluster.leader").tag("tree", "relay").gauge().value()).isEqualTo(0);
				a.close();
				await().atMost(Duration.ofSeconds(10)).until(() -> shared.journal.contains("b granted"));
				assertThat(metersOfB.get("supervision.cluster.leader").tag("tree", "relay").gauge().value()).isEqualTo(1);
				assertThat(metersOfB.get("supervision.cluster.takeover.duration").timer().count()).isEqualTo(1);
				assertThat(metersOfA.get("supervision.cluster.handoff.duration").timer().count()).isEqualTo(1);
				assertThat(metersOfA.get("supervision.cluster.leadership.changes")
					.tags("change", "revoked", "cause", "released")
					.counter()
					.count()).isEqualTo(1);
			});
		});
	}

	private static TreesDescriptor.ClusterDescriptor cluster(org.springframework.context.ApplicationContext context) {
		SupervisionEndpoint endpoint = new SupervisionEndpoint(context.getBean(SupervisionRegistry.class), null);
		TreesDescriptor trees = (TreesDescriptor) endpoint.trees(null, null, null, SecurityContext.NONE).getBody();
		return trees.cluster();
	}

	@Test
	void lockIsReleasedOnlyAfterTheTreeStoppedWhenTheLockStoreFailsWhileLeading() {
		FailingLockRegistry locks = new FailingLockRegistry();
		Shared shared = new Shared(locks);
		locks.journal = shared.journal;
		replica(shared, "a").run((a) -> {
			await().atMost(Duration.ofSeconds(10)).until(() -> shared.journal.contains("a started"));
			locks.failing.set(true);
			await().atMost(Duration.ofSeconds(10)).until(() -> shared.journal.contains("lock released"));
			assertThat(shared.journal).containsSubsequence("a started", "a stopped", "lock released");
			assertThat(shared.journal).contains("a revoked LOST");
		});
	}

	@Test
	void singletonTreeWithoutLockRegistryFailsStartUpNamingTheTree() {
		this.runner.withUserConfiguration(Worker.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(cause(context.getStartupFailure()))
				.isInstanceOf(SupervisionConfigurationException.class)
				.hasMessageContaining("supervision.trees.relay.cluster");
			assertThat(((SupervisionConfigurationException) cause(context.getStartupFailure())).getAction())
				.contains("LockRegistry bean shared by the replicas");
		});
	}

	@Test
	void singletonTreeWithoutSpringIntegrationFailsStartUpNamingTheTree() {
		this.runner.withUserConfiguration(Worker.class, Locks.class)
			.withClassLoader(new FilteredClassLoader(LockRegistryLeaderInitiator.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(cause(context.getStartupFailure()))
					.isInstanceOf(SupervisionConfigurationException.class)
					.hasMessageContaining("supervision.trees.relay.cluster");
			});
	}

	@Test
	void treesThatRunOnEveryReplicaNeedNoLockRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SupervisionAutoConfiguration.class,
					SupervisionClusterAutoConfiguration.class))
			.withUserConfiguration(Worker.class)
			.withPropertyValues("supervision.trees.local.children[0].id=relay",
					"supervision.trees.local.children[0].bean=relayWorker")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ClusterSingletons.class).trees()).isEmpty();
				assertThat(context.getBean(SupervisionRegistry.class).coordinator("local")).isEmpty();
			});
	}

	@Test
	void singletonThatMayStopSlowerThanItsLockLivesFailsStartUpWhenTheBudgetIsEnforced() {
		this.runner.withUserConfiguration(Worker.class, Locks.class)
			.withPropertyValues("supervision.trees.relay.children[0].shutdown=5s",
					"supervision.lifecycle.enforce-shutdown-budget=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(cause(context.getStartupFailure()))
					.isInstanceOf(SupervisionConfigurationException.class)
					.hasMessageContaining("supervision.trees.relay.cluster")
					.hasMessageContaining("worst-case shutdown (5s) plus 3 heart-beats (150ms)")
					.hasMessageContaining("time-to-live (2s)");
			});
	}

	@Test
	void singletonThatMayNeverFinishStoppingIsAWarningByDefault(CapturedOutput output) {
		this.runner.withUserConfiguration(Worker.class, Locks.class)
			.withPropertyValues("supervision.trees.relay.children[0].shutdown=infinity")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("Supervision tree 'relay' is shared by the replicas, and its worst-case "
						+ "shutdown (infinity)");
			});
	}

	@Test
	void singletonTreeThatDecidesReadinessIsAConfigurationError() {
		this.runner.withUserConfiguration(Worker.class, Locks.class)
			.withPropertyValues("supervision.trees.relay.readiness=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(cause(context.getStartupFailure()))
					.hasMessageContaining("supervision.trees.relay.readiness");
			});
	}

	private static Throwable cause(Throwable failure) {
		return NestedExceptionUtils.getMostSpecificCause(failure);
	}

	private ApplicationContextRunner replica(Shared shared, String id) {
		return this.runner.withBean(Shared.class, () -> shared)
			.withUserConfiguration(Replica.class)
			.withPropertyValues("supervision.cluster.replica-id=" + id);
	}

	private static ClusterPlacement placement(org.springframework.context.ApplicationContext context) {
		return context.getBean(SupervisionRegistry.class).coordinator("relay").orElseThrow().placement();
	}

	/** What the replicas of one test share: the lock registry and one journal. */
	record Shared(LockRegistry<?> locks, List<String> journal) {

		Shared(LockRegistry<?> locks) {
			this(locks, new CopyOnWriteArrayList<>());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Replica {

		@Bean
		LockRegistry<?> lockRegistry(Shared shared) {
			return shared.locks();
		}

		@Bean
		@Scope("prototype")
		Runnable relayWorker(Shared shared, org.springframework.core.env.Environment environment) {
			String id = environment.getRequiredProperty("supervision.cluster.replica-id");
			return () -> {
				shared.journal().add(id + " started");
				try {
					new CountDownLatch(1).await();
				}
				catch (InterruptedException ex) {
					shared.journal().add(id + " stopped");
				}
			};
		}

		@Bean
		ApplicationListener<LeadershipEvent> leadershipJournal(Shared shared) {
			return (event) -> shared.journal()
				.add(event.getReplica() + ((event instanceof LeadershipRevokedEvent revoked)
						? " revoked " + revoked.getCause() : " granted"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Worker {

		@Bean
		@Scope("prototype")
		Runnable relayWorker() {
			return () -> {
				try {
					new CountDownLatch(1).await();
				}
				catch (InterruptedException ex) {
					// Stopped.
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Locks {

		@Bean
		LockRegistry<?> lockRegistry() {
			return new DefaultLockRegistry();
		}

	}

	/**
	 * An in-memory lock registry whose store can start failing: then trying the lock
	 * throws, as a JDBC lock does when its statement fails, and the journal shows when the
	 * lock is released.
	 */
	static final class FailingLockRegistry implements LockRegistry<Lock> {

		final AtomicBoolean failing = new AtomicBoolean();

		private final DefaultLockRegistry delegate = new DefaultLockRegistry();

		volatile List<String> journal;

		@Override
		public Lock obtain(Object lockKey) {
			Lock lock = this.delegate.obtain(lockKey);
			return new Lock() {

				@Override
				public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
					if (FailingLockRegistry.this.failing.get()) {
						throw new IllegalStateException("The lock store does not answer");
					}
					return lock.tryLock(time, unit);
				}

				@Override
				public void unlock() {
					FailingLockRegistry.this.journal.add("lock released");
					lock.unlock();
				}

				@Override
				public boolean tryLock() {
					return lock.tryLock();
				}

				@Override
				public void lock() {
					lock.lock();
				}

				@Override
				public void lockInterruptibly() throws InterruptedException {
					lock.lockInterruptibly();
				}

				@Override
				public Condition newCondition() {
					return lock.newCondition();
				}

			};
		}

	}

}
