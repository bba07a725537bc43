package dev.supervisor.spring.amqp;

import dev.supervisor.spring.listener.ContainerIncarnation;
import dev.supervisor.spring.listener.ContainerSignals;

import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.ListenerContainerConsumerFailedEvent;

/**
 * One incarnation of a {@code rabbit-listener:} child. Spring AMQP's own signal ends it: a
 * {@link ListenerContainerConsumerFailedEvent} with {@code fatal=true} after which the
 * container no longer runs (a missing queue with {@code missingQueuesFatal}, an
 * authentication failure with {@code possibleAuthenticationFailureFatal}, a fatal listener
 * exception such as a message that cannot be converted, an {@code Error}) is a crash. The
 * container has stopped itself when it publishes it. Failures the container recovers from
 * by itself are not signals: non-fatal ones (a lost connection, a broker restart, an
 * exception of the listener), and fatal ones after which it still runs (a
 * {@code DirectMessageListenerContainer} restarting a cancelled consumer).
 */
final class RabbitContainerIncarnation extends ContainerIncarnation {

	private final AbstractMessageListenerContainer container;

	RabbitContainerIncarnation(AbstractMessageListenerContainer container, ContainerSignals signals,
			String description) {
		super(signals, description);
		this.container = container;
	}

	@Override
	protected void onEvent(Object event) {
		// A fatal failure during start() fails the start itself; one of an earlier run arriving
		// late finds this run's container running.
		if (event instanceof ListenerContainerConsumerFailedEvent failure && failure.getSource() == this.container
				&& failure.isFatal() && isStarted() && !this.container.isRunning()) {
			String reason = failure.getReason();
			failed("FATAL", (reason != null) ? reason : "a fatal consumer failure", failure.getThrowable());
		}
	}

	@Override
	protected void startContainer() {
		this.container.start();
	}

	@Override
	protected void stopContainer(Runnable callback) {
		this.container.stop(callback);
	}

	@Override
	protected boolean isContainerRunning() {
		return this.container.isRunning();
	}

	@Override
	public Object target() {
		return this.container;
	}

}
