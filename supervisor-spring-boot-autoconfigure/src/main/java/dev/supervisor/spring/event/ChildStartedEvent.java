package dev.supervisor.spring.event;

import dev.supervisor.SupervisionEvent;
import dev.supervisor.spring.SupervisionRegistry;

/** An incarnation of a child started (its first start or a restart). */
public class ChildStartedEvent extends SupervisionApplicationEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * @param source the {@link SupervisionRegistry} that publishes the event
	 * @param event the event
	 */
	public ChildStartedEvent(Object source, SupervisionEvent event) {
		super(source, event);
	}

}
