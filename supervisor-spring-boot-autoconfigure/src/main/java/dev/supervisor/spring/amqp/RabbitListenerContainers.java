package dev.supervisor.spring.amqp;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.supervisor.Shutdown;
import dev.supervisor.spring.assembly.ConfigurationProblem;
import dev.supervisor.spring.listener.ContainerIncarnation;
import dev.supervisor.spring.listener.ContainerSignals;
import dev.supervisor.spring.listener.ListenerContainerChildren;

import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The Spring AMQP listener containers that {@code rabbit-listener:} children name: a
 * {@code @RabbitListener}'s id, or the name (or listener id) of a
 * {@link MessageListenerContainer} bean.
 * <p>Take-over: a container of the {@link RabbitListenerEndpointRegistry} is unregistered
 * from it, so the registry neither starts nor stops it (nor destroys it: this does, on
 * close); a container bean gets {@code autoStartup=false} and the lowest phase, so Spring's
 * lifecycle neither starts it nor stops it before its tree has. The container's events are
 * then published through the supervisor, on to the application context.
 */
public final class RabbitListenerContainers extends ListenerContainerChildren {

	private final ListableBeanFactory beanFactory;

	private final ApplicationEventPublisher publisher;

	/**
	 * @param beanFactory where the registry and container beans are
	 * @param publisher the application's publisher, which the containers' events go on to
	 */
	public RabbitListenerContainers(ListableBeanFactory beanFactory, ApplicationEventPublisher publisher) {
		super("rabbit-listener", "Rabbit listener container");
		this.beanFactory = beanFactory;
		this.publisher = publisher;
	}

	@Override
	protected @Nullable TakenOver takeOver(String containerId, String origin, Shutdown shutdown,
			List<ConfigurationProblem> problems) {
		RabbitListenerEndpointRegistry registry = this.beanFactory
			.getBeanProvider(RabbitListenerEndpointRegistry.class)
			.getIfAvailable();
		MessageListenerContainer container = (registry != null) ? registry.getListenerContainer(containerId) : null;
		String beanName = null;
		if (container == null) {
			for (Map.Entry<String, MessageListenerContainer> bean : this.beanFactory
				.getBeansOfType(MessageListenerContainer.class, false, false)
				.entrySet()) {
				if (bean.getKey().equals(containerId)
						|| (bean.getValue() instanceof AbstractMessageListenerContainer candidate
								&& containerId.equals(candidate.getListenerId()))) {
					beanName = bean.getKey();
					container = bean.getValue();
					break;
				}
			}
		}
		if (container == null) {
			problems.add(problem(origin,
					"there is no Rabbit listener container with id '" + containerId + "' (known: " + known(registry)
							+ ")",
					"Use the id of a @RabbitListener (give it one: @RabbitListener(id = \"" + containerId
							+ "\", ...)) or the name of a MessageListenerContainer bean"));
			return null;
		}
		if (!(container instanceof AbstractMessageListenerContainer observable)) {
			problems.add(problem(origin, "Rabbit listener container '" + containerId + "' is a "
					+ container.getClass().getName() + ", whose events the supervisor cannot observe",
					"Make it with a SimpleRabbitListenerContainerFactory or DirectRabbitListenerContainerFactory, "
							+ "or declare a SimpleMessageListenerContainer or DirectMessageListenerContainer bean"));
			return null;
		}
		if (container.isRunning()) {
			problems.add(problem(origin,
					"Rabbit listener container '" + containerId + "' is running before its supervisor started it: "
							+ "something else manages it",
					"Let only the supervisor start it (do not start it yourself or through the registry)"));
			return null;
		}
		if (beanName == null) {
			registry.unregisterListenerContainer(containerId);
		}
		else {
			// Stopped by Spring's lifecycle only after every tree, when it no longer runs.
			observable.setPhase(Integer.MIN_VALUE);
		}
		observable.setAutoStartup(false);
		// Its own stop timeout (5 s by default) would close the channels of a consumer still at its
		// message while the supervisor waits: the child's shutdown bounds the stop instead.
		if (shutdown.kind() == Shutdown.Kind.TIMEOUT) {
			observable.setShutdownTimeout(Math.max(1, shutdown.timeout().toMillis()));
		}
		else if (shutdown.kind() == Shutdown.Kind.INFINITY) {
			observable.setShutdownTimeout(Long.MAX_VALUE);
		}
		ContainerSignals signals = new ContainerSignals(this.publisher);
		observable.setApplicationEventPublisher(signals);
		return new RabbitContainer(containerId, observable, signals, beanName);
	}

	private Set<String> known(@Nullable RabbitListenerEndpointRegistry registry) {
		Set<String> ids = new TreeSet<>();
		if (registry != null) {
			ids.addAll(registry.getListenerContainerIds());
		}
		ids.addAll(List.of(this.beanFactory.getBeanNamesForType(MessageListenerContainer.class, false, false)));
		return ids;
	}

	/**
	 * A container taken over.
	 */
	private record RabbitContainer(String id, AbstractMessageListenerContainer container, ContainerSignals signals,
			@Nullable String beanName) implements TakenOver {

		@Override
		public String from() {
			return (this.beanName != null) ? "Spring's lifecycle (bean '" + this.beanName + "')"
					: "the RabbitListenerEndpointRegistry";
		}

		@Override
		public ContainerIncarnation incarnation() {
			return new RabbitContainerIncarnation(this.container, this.signals,
					"Rabbit listener container '" + this.id + "'");
		}

		@Override
		public void release() {
			if (this.beanName == null) {
				// Unregistered: the registry no longer destroys it. Destroying stops it too.
				this.container.destroy();
			}
			else if (this.container.isRunning()) {
				this.container.stop();
			}
		}

	}

}
