package dev.supervisor.spring.listener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.supervisor.ChildContext;
import dev.supervisor.ChildFactory;
import dev.supervisor.Service;
import dev.supervisor.Shutdown;
import dev.supervisor.spring.assembly.ConfigurationProblem;
import dev.supervisor.spring.assembly.ContainerChildSource;
import dev.supervisor.spring.assembly.SupervisionConfigurationException;
import dev.supervisor.spring.child.AdaptedChild;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The listener containers of one messaging library that supervised children name, and
 * their take-over from Spring. A {@link SmartLifecycle} in the very first phase: when the
 * application context starts, before any tree (and long before the library's endpoint
 * registry would start its containers), every named container is found and taken over, so
 * that only its supervisor starts and stops it; every problem (an unknown id, a container
 * named twice, one already running) is reported at once. On close, containers taken from the
 * registry are destroyed, as the registry would have done.
 */
public abstract class ListenerContainerChildren implements ContainerChildSource, SmartLifecycle, DisposableBean {

	private static final Log logger = LogFactory.getLog(ListenerContainerChildren.class);

	private final String key;

	private final String kind;

	private final List<Request> requests = new ArrayList<>();

	/** The containers taken over, by id; guarded by this. */
	private final Map<String, TakenOver> takenOver = new LinkedHashMap<>();

	private volatile boolean running;

	/**
	 * @param key the property children name containers with, e.g. {@code kafka-listener}
	 * @param kind what a container is called in messages, e.g. {@code Kafka listener
	 * container}
	 */
	protected ListenerContainerChildren(String key, String kind) {
		this.key = key;
		this.kind = kind;
	}

	@Override
	public final String key() {
		return this.key;
	}

	@Override
	public final synchronized ChildFactory<Service> factory(String path, String containerId, String origin,
			Shutdown shutdown) {
		this.requests.add(new Request(path, containerId, origin, shutdown));
		return new ContainerChildFactory(containerId);
	}

	/**
	 * Takes over every container a child names, unless already done.
	 * @throws SupervisionConfigurationException listing every container that cannot be taken
	 * over
	 */
	public final synchronized void takeOverAll() {
		List<ConfigurationProblem> problems = new ArrayList<>();
		Map<String, Request> byContainer = new LinkedHashMap<>();
		for (Request request : this.requests) {
			Request previous = byContainer.putIfAbsent(request.containerId(), request);
			if (previous != null && !previous.path().equals(request.path())) {
				problems.add(ConfigurationProblem.of(request.origin(),
						this.kind + " '" + request.containerId() + "' is already the child at " + previous.origin()
								+ ", and one container cannot be started and stopped by two supervisors",
						"Name each container in one child only"));
				continue;
			}
			if (this.takenOver.containsKey(request.containerId())) {
				continue;
			}
			TakenOver container = takeOver(request.containerId(), request.origin(), request.shutdown(), problems);
			if (container != null) {
				this.takenOver.put(request.containerId(), container);
				logger.info("Supervised child '" + request.path() + "' took over " + this.kind + " '"
						+ request.containerId() + "' from " + container.from()
						+ ": only its supervisor starts and stops it");
			}
		}
		if (!problems.isEmpty()) {
			throw new SupervisionConfigurationException(problems);
		}
	}

	/**
	 * Finds the container with the given id and takes it over from Spring: neither Spring's
	 * lifecycle nor the library's endpoint registry may start or stop it any more, and its
	 * events are routed to its child's incarnations.
	 * @param containerId the container's id
	 * @param origin where the child naming it was declared, for problems
	 * @param shutdown the child's shutdown, for a container with a stop timeout of its own
	 * @param problems where to add a problem
	 * @return the container taken over, or {@code null} if there is a problem (added)
	 */
	protected abstract @Nullable TakenOver takeOver(String containerId, String origin, Shutdown shutdown,
			List<ConfigurationProblem> problems);

	private synchronized TakenOver takenOver(String containerId) {
		TakenOver container = this.takenOver.get(containerId);
		if (container == null) {
			takeOverAll();
			container = this.takenOver.get(containerId);
		}
		if (container == null) {
			throw new IllegalStateException(this.kind + " '" + containerId + "' was not taken over");
		}
		return container;
	}

	/**
	 * A problem with the container a child names.
	 * @param origin where the child was declared
	 * @param reason what is wrong
	 * @param action what to do
	 * @return the problem
	 */
	protected static ConfigurationProblem problem(String origin, String reason, String action) {
		return ConfigurationProblem.of(origin, reason, action);
	}

	@Override
	public void start() {
		takeOverAll();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Return the first phase: the take-over happens before any tree starts.
	 * @return {@link Integer#MIN_VALUE}
	 */
	@Override
	public int getPhase() {
		return Integer.MIN_VALUE;
	}

	@Override
	public synchronized void destroy() {
		for (Map.Entry<String, TakenOver> entry : this.takenOver.entrySet()) {
			try {
				entry.getValue().release();
			}
			catch (RuntimeException ex) {
				logger.warn("Failed to release " + this.kind + " '" + entry.getKey() + "'", ex);
			}
		}
	}

	/**
	 * A child naming a container.
	 *
	 * @param path the child's path
	 * @param containerId the container's id
	 * @param origin where the child was declared
	 */
	private record Request(String path, String containerId, String origin, Shutdown shutdown) {

	}

	/**
	 * A container taken over from Spring.
	 */
	protected interface TakenOver {

		/**
		 * Return where the container was taken from, for the log.
		 * @return e.g. {@code the KafkaListenerEndpointRegistry}
		 */
		String from();

		/**
		 * A new incarnation of the child.
		 * @return the incarnation, not started
		 */
		ContainerIncarnation incarnation();

		/**
		 * Releases the container when the application context closes: stops it if it still
		 * runs and destroys it if Spring no longer will.
		 */
		void release();

	}

	/**
	 * Makes the incarnations of one container child.
	 */
	private final class ContainerChildFactory implements ChildFactory<Service> {

		private final String containerId;

		ContainerChildFactory(String containerId) {
			this.containerId = containerId;
		}

		@Override
		public Service create(ChildContext context) {
			return takenOver(this.containerId).incarnation();
		}

		@Override
		public Object target(Service instance) {
			// The container is the same for every incarnation: a new one never starts while an
			// abandoned one is still inside it.
			return (instance instanceof AdaptedChild adapted) ? adapted.target() : instance;
		}

		@Override
		public String toString() {
			return ListenerContainerChildren.this.kind + " '" + this.containerId + "'";
		}

	}

}
