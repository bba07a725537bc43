package dev.supervisor.spring.kafka;

import java.util.Map;

import dev.supervisor.spring.listener.ContainerIncarnation;
import dev.supervisor.spring.listener.ContainerSignals;

import org.springframework.kafka.event.ConcurrentContainerStoppedEvent;
import org.springframework.kafka.event.ConsumerFailedToStartEvent;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.event.ConsumerStoppedEvent.Reason;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * One incarnation of a {@code kafka-listener:} child. Spring Kafka's own signals end it:
 * <ul>
 * <li>a {@link ConsumerStoppedEvent} with reason {@code FENCED}, {@code AUTH},
 * {@code NO_OFFSET}, {@code ERROR} or {@code ABNORMAL} from one of its consumers, or a
 * {@link ConsumerFailedToStartEvent}, is a crash, reported once every consumer of the
 * container is done (the container stops itself on these, or is asked to);</li>
 * <li>{@code AUTH} is not a signal when the container restarts itself after authentication
 * failures ({@code restartAfterAuthExceptions});</li>
 * <li>the container stopping with reason {@code NORMAL} without a stop request from its
 * supervisor (someone else stopped it) is a normal exit;</li>
 * <li>while its supervisor stops it, nothing is a signal: that is a {@code shutdown}.</li>
 * </ul>
 */
final class KafkaContainerIncarnation extends ContainerIncarnation {

	private static final Map<Reason, String> MEANINGS = Map.of(Reason.FENCED,
			"a fenced producer or consumer instance, and the container stops when fenced", Reason.AUTH,
			"an authentication or authorization failure, and no authExceptionRetryInterval", Reason.NO_OFFSET,
			"no committed offset and no reset policy (auto.offset.reset=none)", Reason.ERROR,
			"a java.lang.Error was thrown, see the container's log", Reason.ABNORMAL,
			"the container was stopped abnormally, e.g. by a CommonContainerStoppingErrorHandler");

	private final MessageListenerContainer container;

	KafkaContainerIncarnation(MessageListenerContainer container, ContainerSignals signals, String description) {
		super(signals, description);
		this.container = container;
	}

	@Override
	protected void onEvent(Object event) {
		if (event instanceof ConsumerFailedToStartEvent) {
			failed("FAILED_TO_START", "a consumer thread did not start within consumerStartTimeout; does the "
					+ "listener task executor have a thread for each consumer?", null);
		}
		else if (event instanceof ConsumerStoppedEvent stopped) {
			consumerStopped(stopped.getSource(), stopped.getReason());
		}
		else if (event instanceof ConcurrentContainerStoppedEvent stopped && stopped.getSource() == this.container) {
			Reason reason = stopped.getReason();
			boolean normal = reason == null || reason == Reason.NORMAL;
			containerStopped(normal ? null : reason.name(), normal ? "" : meaning(reason));
		}
	}

	private void consumerStopped(Object source, Reason reason) {
		boolean signal = reason != Reason.NORMAL && !(reason == Reason.AUTH
				&& this.container.getContainerProperties().isRestartAfterAuthExceptions());
		if (source == this.container) {
			// A stand-alone container: its only consumer is done, so is the container.
			if (signal) {
				failed(reason.name(), meaning(reason), null);
			}
			else if (reason == Reason.NORMAL) {
				containerStopped(null, "");
			}
		}
		else if (signal && isCurrentConsumer(source)) {
			failed(reason.name(), meaning(reason), null);
		}
	}

	/** Whether the consumer is one of this run's, not a late one of an earlier run. */
	private boolean isCurrentConsumer(Object source) {
		if (this.container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
			return concurrent.getContainers().contains(source);
		}
		return true;
	}

	private static String meaning(Reason reason) {
		return MEANINGS.getOrDefault(reason, "see the container's log");
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
	protected boolean isContainerQuiet() {
		return !this.container.isRunning() && !this.container.isChildRunning();
	}

	@Override
	public Object target() {
		return this.container;
	}

}
