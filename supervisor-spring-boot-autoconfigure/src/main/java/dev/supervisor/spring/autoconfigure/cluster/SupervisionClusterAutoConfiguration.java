package dev.supervisor.spring.autoconfigure.cluster;

import java.util.LinkedHashSet;
import java.util.Set;

import javax.sql.DataSource;

import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import dev.supervisor.spring.autoconfigure.SupervisionProperties;
import dev.supervisor.spring.cluster.ClusterMeters;
import dev.supervisor.spring.cluster.ClusterMode;
import dev.supervisor.spring.cluster.ClusterSettings;
import dev.supervisor.spring.cluster.ClusterSingletons;
import dev.supervisor.spring.cluster.DistributedTrees;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for trees shared by the replicas of an
 * application: trees that run on one replica at a time
 * ({@code supervision.trees.<name>.cluster: singleton}), elected over the application's
 * {@link LockRegistry} bean, and dynamic trees whose children are spread over the replicas
 * ({@code cluster: distributed}), recorded through the application's {@code DataSource}.
 */
@AutoConfiguration(after = SupervisionAutoConfiguration.class)
@ConditionalOnClass(LockRegistryLeaderInitiator.class)
@ConditionalOnBean(SupervisionRegistry.class)
public final class SupervisionClusterAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@SuppressWarnings("rawtypes")
	ClusterSingletons supervisionClusterSingletons(SupervisionRegistry registry, SupervisionProperties properties,
			ObjectProvider<LockRegistry> locks, ApplicationEventPublisher publisher) {
		Set<String> singletons = new LinkedHashSet<>();
		properties.getTrees().forEach((name, tree) -> {
			if (tree.getCluster() == ClusterMode.SINGLETON) {
				singletons.add(name);
			}
		});
		LockRegistry lockRegistry = locks.getIfUnique();
		// Without a lock registry nothing is coordinated, and the registry fails start-up naming the trees.
		return new ClusterSingletons(registry, lockRegistry, settings(properties), publisher,
				(lockRegistry != null) ? singletons : Set.of());
	}

	static ClusterSettings settings(SupervisionProperties properties) {
		SupervisionProperties.Cluster cluster = properties.getCluster();
		String replicaId = (cluster.getReplicaId() != null) ? cluster.getReplicaId() : ClusterSettings.defaultReplicaId();
		return new ClusterSettings(replicaId, cluster.getLockTtl(), cluster.getHeartbeat(),
				properties.getLifecycle().isEnforceShutdownBudget(), Math.max(1, cluster.getPartitions()));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JdbcTemplate.class)
	static class Distributed {

		@Bean
		@ConditionalOnMissingBean
		@SuppressWarnings("rawtypes")
		DistributedTrees supervisionDistributedTrees(SupervisionRegistry registry, SupervisionProperties properties,
				ObjectProvider<LockRegistry> locks, ObjectProvider<DataSource> dataSource,
				ApplicationEventPublisher publisher) {
			Set<String> distributed = new LinkedHashSet<>();
			properties.getTrees().forEach((name, tree) -> {
				if (tree.getCluster() == ClusterMode.DISTRIBUTED) {
					distributed.add(name);
				}
			});
			LockRegistry lockRegistry = locks.getIfUnique();
			DataSource source = dataSource.getIfUnique();
			// Without both nothing is coordinated, and the registry fails start-up naming the trees.
			boolean ready = lockRegistry != null && source != null;
			return new DistributedTrees(registry, lockRegistry, source, settings(properties), publisher,
					ready ? distributed : Set.of());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class Meters {

		@Bean
		@ConditionalOnMissingBean
		ClusterMeters supervisionClusterMeters(SupervisionRegistry registry, ClusterSingletons singletons,
				ObjectProvider<DistributedTrees> distributed) {
			return new ClusterMeters(registry, singletons, distributed.getIfAvailable());
		}

	}

}
