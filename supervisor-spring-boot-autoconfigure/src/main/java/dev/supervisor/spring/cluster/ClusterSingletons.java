package dev.supervisor.spring.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.supervisor.SupervisionTree;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.assembly.ConfigurationProblem;
import dev.supervisor.spring.assembly.SupervisionConfigurationException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * The cluster singletons of an application: gives each tree marked
 * {@code cluster: singleton} a coordinator that runs it only on the replica holding its
 * leadership, after checking that each can stop within its lock's time-to-live.
 */
public final class ClusterSingletons {

	private static final Log logger = LogFactory.getLog(ClusterSingletons.class);

	private final List<String> trees;

	/**
	 * Hands the singleton trees to their coordinators.
	 * @param registry the application's trees
	 * @param locks the lock registry the replicas share, or {@code null} if there is none
	 * (then there must be no singleton trees)
	 * @param settings how the replicas coordinate
	 * @param publisher where leadership events are published
	 * @param trees the names of the singleton trees
	 * @throws SupervisionConfigurationException if a tree may not stop within the lock's
	 * time-to-live and the budget is enforced
	 */
	public ClusterSingletons(SupervisionRegistry registry, @Nullable LockRegistry<?> locks, ClusterSettings settings,
			ApplicationEventPublisher publisher, Set<String> trees) {
		if (locks == null && !trees.isEmpty()) {
			throw new IllegalArgumentException("Singleton trees " + trees + " need a lock registry");
		}
		this.trees = List.copyOf(trees);
		List<ConfigurationProblem> problems = new ArrayList<>();
		for (String name : this.trees) {
			SupervisionTree tree = registry.tree(name)
				.orElseThrow(() -> new IllegalArgumentException("No supervision tree '" + name + "'"));
			String problem = LeaseBudget.check(name, tree.worstCaseShutdown(), settings);
			if (problem != null && settings.enforceBudget()) {
				problems.add(ConfigurationProblem.of("supervision.trees." + name + ".cluster", problem,
						"Raise supervision.cluster.lock-ttl (and the lock registry's time-to-live with it), shorten "
								+ "the shutdown of the tree's children, or set "
								+ "supervision.lifecycle.enforce-shutdown-budget=false to only warn"));
			}
			else if (problem != null) {
				logger.warn(Character.toUpperCase(problem.charAt(0)) + problem.substring(1));
			}
			registry.coordinate(name, new SingletonCoordinator(name, java.util.Objects.requireNonNull(locks), settings, publisher));
		}
		if (!problems.isEmpty()) {
			throw new SupervisionConfigurationException(problems);
		}
	}

	/**
	 * Return the singleton trees.
	 * @return the names of the trees that run on one replica at a time
	 */
	public List<String> trees() {
		return this.trees;
	}

}
