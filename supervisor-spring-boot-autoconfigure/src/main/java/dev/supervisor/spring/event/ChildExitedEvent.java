package dev.supervisor.spring.event;

import dev.supervisor.SupervisionEvent;
import dev.supervisor.spring.SupervisionRegistry;

/**
 * An incarnation of a child exited by itself: normally, or with a crash; see
 * {@link #getReason()}.
 */
public class ChildExitedEvent extends SupervisionApplicationEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * @param source the {@link SupervisionRegistry} that publishes the event
	 * @param event the event
	 */
	public ChildExitedEvent(Object source, SupervisionEvent event) {
		super(source, event);
	}

}
