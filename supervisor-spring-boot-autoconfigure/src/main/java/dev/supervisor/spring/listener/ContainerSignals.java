package dev.supervisor.spring.listener;

import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * The event publisher of a taken-over listener container: every event the container (and
 * its consumers) publishes goes to the incarnation of its child that is running, then on to
 * the publisher the container had, so the application's own listeners still get it. The
 * container's events are its failure signals; nothing is polled.
 */
public final class ContainerSignals implements ApplicationEventPublisher {

	private static final Log logger = LogFactory.getLog(ContainerSignals.class);

	private final @Nullable ApplicationEventPublisher delegate;

	private final AtomicReference<@Nullable ContainerIncarnation> current = new AtomicReference<>();

	/**
	 * @param delegate the publisher the container had, usually the application context; or
	 * {@code null} if it had none
	 */
	public ContainerSignals(@Nullable ApplicationEventPublisher delegate) {
		this.delegate = delegate;
	}

	@Override
	public void publishEvent(Object event) {
		ContainerIncarnation incarnation = this.current.get();
		if (incarnation != null) {
			try {
				incarnation.deliver(event);
			}
			catch (RuntimeException ex) {
				logger.error("Failed to handle " + event.getClass().getSimpleName() + " for " + incarnation, ex);
			}
		}
		if (this.delegate != null) {
			this.delegate.publishEvent(event);
		}
	}

	/** The incarnation that receives the events from now on. */
	void attach(ContainerIncarnation incarnation) {
		this.current.set(incarnation);
	}

	/** No more events for this incarnation: it has ended. */
	void detach(ContainerIncarnation incarnation) {
		this.current.compareAndSet(incarnation, null);
	}

}
