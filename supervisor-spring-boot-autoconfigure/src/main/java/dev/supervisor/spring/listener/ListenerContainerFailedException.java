package dev.supervisor.spring.listener;

import org.jspecify.annotations.Nullable;

/**
 * The crash of a supervised listener container: the container stopped by itself on a
 * failure it signalled (a Spring Kafka {@code ConsumerStoppedEvent} with reason
 * {@code NO_OFFSET}, a fatal Spring AMQP {@code ListenerContainerConsumerFailedEvent}, ...).
 * Its message names the container and the reason, and is what operators see as the child's
 * last exit.
 */
public class ListenerContainerFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** What stopped, e.g. {@code Kafka listener container 'payments'}. */
	private final String container;

	/** The reason the library gave, e.g. {@code NO_OFFSET}. */
	private final String reason;

	/**
	 * @param container what stopped, e.g. {@code Kafka listener container 'payments'}
	 * @param reason the reason the library gave, e.g. {@code NO_OFFSET}
	 * @param detail what the reason means, e.g. {@code no committed offset and no reset
	 * policy}
	 * @param cause the library's exception, if the signal carries one
	 */
	public ListenerContainerFailedException(String container, String reason, String detail,
			@Nullable Throwable cause) {
		super(container + " stopped: " + reason + " (" + detail + ")", cause);
		this.container = container;
		this.reason = reason;
	}

	/**
	 * Return what stopped, e.g. {@code Kafka listener container 'payments'}.
	 * @return the container's description
	 */
	public String getContainer() {
		return this.container;
	}

	/**
	 * Return the reason the library gave for the stop, e.g. {@code NO_OFFSET} or
	 * {@code FATAL}.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
