package dev.supervisor.spring.kafka;

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

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The Spring Kafka listener containers that {@code kafka-listener:} children name: a
 * {@code @KafkaListener}'s id, or the name (or listener id) of a
 * {@link MessageListenerContainer} bean.
 * <p>Take-over: a container of the {@link KafkaListenerEndpointRegistry} is unregistered from
 * it, so the registry neither starts nor stops it (nor destroys it: this does, on close); a
 * container bean gets {@code autoStartup=false} and the lowest phase, so Spring's lifecycle
 * neither starts it nor stops it before its tree has. Either way its auto-startup setting no
 * longer matters: only its supervisor starts and stops it.
 */
public final class KafkaListenerContainers extends ListenerContainerChildren {

	private final ListableBeanFactory beanFactory;

	private final ApplicationEventPublisher publisher;

	/**
	 * @param beanFactory where the registry and container beans are
	 * @param publisher the application's publisher, for containers that had none
	 */
	public KafkaListenerContainers(ListableBeanFactory beanFactory, ApplicationEventPublisher publisher) {
		super("kafka-listener", "Kafka listener container");
		this.beanFactory = beanFactory;
		this.publisher = publisher;
	}

	@Override
	protected @Nullable TakenOver takeOver(String containerId, String origin, Shutdown shutdown,
			List<ConfigurationProblem> problems) {
		KafkaListenerEndpointRegistry registry = this.beanFactory.getBeanProvider(KafkaListenerEndpointRegistry.class)
			.getIfAvailable();
		MessageListenerContainer container = (registry != null) ? registry.getListenerContainer(containerId) : null;
		String beanName = null;
		if (container == null) {
			for (Map.Entry<String, MessageListenerContainer> bean : this.beanFactory
				.getBeansOfType(MessageListenerContainer.class, false, false)
				.entrySet()) {
				if (bean.getKey().equals(containerId) || containerId.equals(bean.getValue().getListenerId())) {
					beanName = bean.getKey();
					container = bean.getValue();
					break;
				}
			}
		}
		if (container == null) {
			problems.add(problem(origin,
					"there is no Kafka listener container with id '" + containerId + "' (known: " + known(registry)
							+ ")",
					"Use the id of a @KafkaListener (give it one: @KafkaListener(id = \"" + containerId
							+ "\", ...)) or the name of a MessageListenerContainer bean"));
			return null;
		}
		if (!(container instanceof AbstractMessageListenerContainer<?, ?> observable)) {
			problems.add(problem(origin, "Kafka listener container '" + containerId + "' is a "
					+ container.getClass().getName() + ", whose events the supervisor cannot observe",
					"Make it with a ConcurrentKafkaListenerContainerFactory, or declare a "
							+ "ConcurrentMessageListenerContainer or KafkaMessageListenerContainer bean"));
			return null;
		}
		if (container.isRunning()) {
			problems.add(problem(origin,
					"Kafka listener container '" + containerId + "' is running before its supervisor started it: "
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
		ApplicationEventPublisher previous = observable.getApplicationEventPublisher();
		ContainerSignals signals = new ContainerSignals((previous != null) ? previous : this.publisher);
		observable.setApplicationEventPublisher(signals);
		return new KafkaContainer(containerId, observable, signals, beanName);
	}

	private Set<String> known(@Nullable KafkaListenerEndpointRegistry registry) {
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
	private record KafkaContainer(String id, AbstractMessageListenerContainer<?, ?> container,
			ContainerSignals signals, @Nullable String beanName) implements TakenOver {

		@Override
		public String from() {
			return (this.beanName != null) ? "Spring's lifecycle (bean '" + this.beanName + "')"
					: "the KafkaListenerEndpointRegistry";
		}

		@Override
		public ContainerIncarnation incarnation() {
			return new KafkaContainerIncarnation(this.container, this.signals,
					"Kafka listener container '" + this.id + "'");
		}

		@Override
		public void release() {
			if (this.container.isRunning()) {
				this.container.stop();
			}
			if (this.beanName == null) {
				// Unregistered: the registry no longer destroys it.
				this.container.destroy();
			}
		}

	}

}
