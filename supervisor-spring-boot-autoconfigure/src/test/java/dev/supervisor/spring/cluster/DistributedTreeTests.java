package dev.supervisor.spring.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.supervisor.spring.assembly.SupervisionConfigurationException;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import dev.supervisor.spring.autoconfigure.cluster.SupervisionClusterAutoConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.integration.support.locks.DefaultLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Distributed dynamic trees without a cluster: their placement rule and their start-up
 * checks. The cluster itself is in {@link DistributedChildrenIT}.
 */
class DistributedTreeTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(SupervisionAutoConfiguration.class, SupervisionClusterAutoConfiguration.class))
		.withUserConfiguration(Worker.class, Locks.class)
		.withPropertyValues("supervision.trees.tenants.cluster=distributed");

	@Test
	void partitionsSpreadEvenlyOverTheReplicasAndChildrenOverThePartitions() {
		int partitions = ClusterSettings.DEFAULT_PARTITIONS;
		Map<String, Integer> perReplica = new HashMap<>();
		for (int partition = 0; partition < partitions; partition++) {
			perReplica.merge(Rendezvous.ownerOfPartition(partition, List.of("a", "b", "c")), 1, Integer::sum);
		}
		// 256 / 3 = 85.3 partitions each; rendezvous hashing keeps each within a fifth of that.
		assertThat(perReplica.values()).allSatisfy((count) -> assertThat(count).isBetween(68, 102));
		int[] perPartition = new int[partitions];
		for (int i = 0; i < 25_600; i++) {
			perPartition[Rendezvous.partition("t-" + i, partitions)]++;
		}
		assertThat(java.util.Arrays.stream(perPartition).min().orElseThrow()).isGreaterThanOrEqualTo(60);
		assertThat(java.util.Arrays.stream(perPartition).max().orElseThrow()).isLessThanOrEqualTo(140);
	}

	@Test
	void aJoiningReplicaTakesOnlyPartitionsThatBelongToItAndALeavingOneMovesOnlyItsOwn() {
		List<String> three = List.of("a", "b", "c");
		List<String> four = List.of("a", "b", "c", "d");
		List<String> two = List.of("a", "c");
		for (int i = 0; i < 3000; i++) {
			String child = "t-" + i;
			String before = Rendezvous.owner(child, 256, three);
			String joined = Rendezvous.owner(child, 256, four);
			assertThat(joined).isIn(before, "d");
			if (!"b".equals(before)) {
				assertThat(Rendezvous.owner(child, 256, two)).isEqualTo(before);
			}
		}
	}

	@Test
	void aChildFallsInTheSamePartitionOnEveryReplica() {
		// The hash is the id's bytes only: no JVM-specific hash code, no seed.
		assertThat(Rendezvous.partition("t-42", 256)).isEqualTo(Rendezvous.partition(new String("t-42"), 256));
		assertThat(Rendezvous.partition("tenant-ä", 1)).isZero();
		for (int i = 0; i < 1000; i++) {
			assertThat(Rendezvous.partition("t-" + i, 7)).isBetween(0, 6);
		}
	}

	@Test
	void partitionsBelowOneAreAConfigurationError() {
		this.runner.withPropertyValues("supervision.cluster.partitions=0", "supervision.trees.tenants.template.bean=tenantWorker")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
					.hasMessageContaining("supervision.cluster.partitions")
					.hasMessageContaining("must be at least 1");
			});
	}

	@Test
	void distributedStaticTreeIsAConfigurationError() {
		this.runner
			.withPropertyValues("supervision.trees.tenants.children[0].id=one",
					"supervision.trees.tenants.children[0].bean=tenantWorker")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
					.hasMessageContaining("supervision.trees.tenants.cluster")
					.hasMessageContaining("cannot be spread over the replicas");
			});
	}

	@Test
	void distributedTreeWithoutDataSourceFailsStartUpNamingTheTree() {
		this.runner.withPropertyValues("supervision.trees.tenants.template.bean=tenantWorker").run((context) -> {
			assertThat(context).hasFailed();
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
			assertThat(cause).isInstanceOf(SupervisionConfigurationException.class)
				.hasMessageContaining("supervision.trees.tenants.cluster");
			assertThat(((SupervisionConfigurationException) cause).getAction()).contains("DataSource");
		});
	}

	@Test
	void roundsThatMoveChildrenAreCountedByChange() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SupervisionAutoConfiguration.class,
					SupervisionClusterAutoConfiguration.class))
			.withUserConfiguration(Worker.class)
			.withPropertyValues("supervision.trees.local.children[0].id=one",
					"supervision.trees.local.children[0].bean=tenantWorker")
			.run((context) -> {
				SimpleMeterRegistry meters = new SimpleMeterRegistry();
				context.getBean(ClusterMeters.class).bindTo(meters);
				context.publishEvent(new ChildrenMovedEvent(this, "tenants", "a", 3, 2, 1, 0, 5));
				context.publishEvent(new ChildrenMovedEvent(this, "tenants", "a", 4, 0, 0, 1, 8));
				assertThat(meters.get("supervision.cluster.children.moved").tags("tree", "tenants", "change", "started")
					.counter()
					.count()).isEqualTo(7);
				assertThat(meters.get("supervision.cluster.children.moved")
					.tags("tree", "tenants", "change", "handed-over")
					.counter()
					.count()).isEqualTo(2);
				assertThat(meters.get("supervision.cluster.children.moved").tags("tree", "tenants", "change", "lost")
					.counter()
					.count()).isEqualTo(1);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Worker {

		@Bean
		@Scope("prototype")
		Runnable tenantWorker() {
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

}
