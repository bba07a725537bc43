package dev.supervisor.spring;

import java.util.Set;

import dev.supervisor.ChildState;
import dev.supervisor.SupervisionEvent;
import dev.supervisor.spring.event.SupervisionApplicationEvent;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.Ordered;

/**
 * Ties the application's readiness to the trees marked
 * {@code supervision.trees.<name>.readiness=true}: while one of them is down the application
 * refuses traffic; once all of them run again it accepts traffic.
 * <p>
 * What it publishes is decided from the trees' states, not from the event that woke it: after
 * publishing, it reads the states again and publishes again if they changed meanwhile, so the
 * last state published is always the trees' (a tree that gives up while its start is being
 * reported never leaves the application accepting traffic). And when something else declares
 * the application ready (Spring Boot does once start-up has finished) while a readiness tree is
 * down, it refuses traffic again at once. It listens after everything else, so that its answer
 * is the last one the application's availability records.
 */
public class SupervisionReadiness implements SmartApplicationListener {

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
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return SupervisionApplicationEvent.class.isAssignableFrom(eventType)
				|| AvailabilityChangeEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (this.trees.isEmpty()) {
			return;
		}
		if (event instanceof SupervisionApplicationEvent supervision) {
			onSupervisionEvent(supervision);
		}
		else if (event instanceof AvailabilityChangeEvent<?> change && change.getSource() != this
				&& change.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
			String down = firstDown();
			if (down != null) {
				logger.warn("The application was declared ready while supervision tree '" + down
						+ "' is down: it refuses traffic until the tree runs again");
				settle();
			}
		}
	}

	private void onSupervisionEvent(SupervisionApplicationEvent event) {
		String path = event.getPath();
		if (!this.trees.contains(path)) {
			return;
		}
		if (event.getType() == SupervisionEvent.Type.SUPERVISOR_STOPPED) {
			logger.warn("Supervision tree '" + path + "' is down: the application refuses traffic until it runs again");
			settle();
		}
		else if (event.getType() == SupervisionEvent.Type.STARTED) {
			settle();
		}
	}

	/** Publishes the readiness the trees' states call for, until they no longer change meanwhile. */
	private void settle() {
		boolean accepting;
		do {
			accepting = firstDown() == null;
			AvailabilityChangeEvent.publish(this.publisher, this,
					accepting ? ReadinessState.ACCEPTING_TRAFFIC : ReadinessState.REFUSING_TRAFFIC);
		}
		while ((firstDown() == null) != accepting);
	}

	/** The first readiness tree that does not run, or {@code null} if all of them run. */
	private String firstDown() {
		for (String name : this.trees) {
			boolean running = this.registry.tree(name).map((tree) -> tree.state() == ChildState.RUNNING).orElse(true);
			if (!running) {
				return name;
			}
		}
		return null;
	}

}
