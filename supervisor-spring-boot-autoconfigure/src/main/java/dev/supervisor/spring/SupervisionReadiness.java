package dev.supervisor.spring;

import java.util.Set;

import dev.supervisor.ChildState;
import dev.supervisor.SupervisionEvent;
import dev.supervisor.spring.event.SupervisionApplicationEvent;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;

/**
 * Ties the application's readiness to the trees marked
 * {@code supervision.trees.<name>.readiness=true}: while one of them is down the application
 * refuses traffic; once all of them run again it accepts traffic.
 */
public class SupervisionReadiness implements ApplicationListener<SupervisionApplicationEvent> {

	private static final Log logger = LogFactory.getLog(SupervisionReadiness.class);

	private final SupervisionRegistry registry;

	private final Set<String> trees;

	private final ApplicationEventPublisher publisher;

	/**
	 * @param registry the trees
	 * @param trees the names of the trees the application's readiness depends on
	 * @param publisher where availability changes are published
	 */
	public SupervisionReadiness(SupervisionRegistry registry, Set<String> trees, ApplicationEventPublisher publisher) {
		this.registry = registry;
		this.trees = Set.copyOf(trees);
		this.publisher = publisher;
	}

	@Override
	public void onApplicationEvent(SupervisionApplicationEvent event) {
		String path = event.getPath();
		if (!this.trees.contains(path)) {
			return;
		}
		if (event.getType() == SupervisionEvent.Type.SUPERVISOR_STOPPED) {
			logger.warn("Supervision tree '" + path + "' is down: the application refuses traffic until it runs again");
			AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		}
		else if (event.getType() == SupervisionEvent.Type.STARTED && allRunning()) {
			AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
		}
	}

	private boolean allRunning() {
		return this.trees.stream()
			.allMatch((name) -> this.registry.tree(name).map((tree) -> tree.state() == ChildState.RUNNING).orElse(true));
	}

}
