package dev.supervisor.spring.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.sql.DataSource;

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
 * The distributed trees of an application: gives each dynamic tree marked
 * {@code cluster: distributed} a coordinator that spreads its children over the replicas,
 * and hands out their {@link DistributedSupervisor}s.
 */
public final class DistributedTrees {

	private static final Log logger = LogFactory.getLog(DistributedTrees.class);

	private final Map<String, DistributedSupervisor> supervisors = new LinkedHashMap<>();

	/**
	 * Hands the distributed trees to their coordinators.
	 * @param registry the application's trees
	 * @param locks the lock registry the replicas share, or {@code null} if there is none
	 * (then there must be no distributed trees)
	 * @param dataSource where the children and the members are recorded, or {@code null} if
	 * there is none (then there must be no distributed trees)
	 * @param settings how the replicas coordinate
	 * @param publisher where the rounds' {@link ChildrenMovedEvent}s are published
	 * @param trees the names of the distributed trees
	 */
	public DistributedTrees(SupervisionRegistry registry, @Nullable LockRegistry<?> locks,
			@Nullable DataSource dataSource, ClusterSettings settings, ApplicationEventPublisher publisher,
			Set<String> trees) {
		List<ConfigurationProblem> problems = new ArrayList<>();
		for (String name : trees) {
			SupervisionTree tree = registry.tree(name)
				.orElseThrow(() -> new IllegalArgumentException("No supervision tree '" + name + "'"));
			String problem = LeaseBudget.check(name, tree.worstCaseShutdown(), settings);
			if (problem != null && settings.enforceBudget()) {
				problems.add(ConfigurationProblem.of("supervision.trees." + name + ".cluster", problem,
						"Raise supervision.cluster.lock-ttl (and the lock registry's time-to-live with it), shorten "
								+ "the shutdown of the template, or set "
								+ "supervision.lifecycle.enforce-shutdown-budget=false to only warn"));
			}
			else if (problem != null) {
				logger.warn(Character.toUpperCase(problem.charAt(0)) + problem.substring(1));
			}
			DistributedCoordinator coordinator = new DistributedCoordinator(name, Objects.requireNonNull(locks), settings,
					new ChildDirectory(Objects.requireNonNull(dataSource), name), publisher);
			registry.coordinate(name, coordinator);
			this.supervisors.put(name, new DistributedSupervisor(name, coordinator));
		}
		if (!problems.isEmpty()) {
			throw new SupervisionConfigurationException(problems);
		}
	}

	/**
	 * The children of a distributed tree.
	 * @param name the tree's name
	 * @return its supervisor
	 * @throws IllegalArgumentException if there is no such distributed tree
	 */
	public DistributedSupervisor supervisor(String name) {
		DistributedSupervisor supervisor = this.supervisors.get(name);
		if (supervisor == null) {
			throw new IllegalArgumentException(
					"No distributed supervision tree '" + name + "'; distributed trees are " + this.supervisors.keySet());
		}
		return supervisor;
	}

	/**
	 * Return the distributed trees.
	 * @return their names
	 */
	public List<String> trees() {
		return List.copyOf(this.supervisors.keySet());
	}

}
