package dev.supervisor.spring.event;

import dev.supervisor.SupervisionEvent;
import dev.supervisor.spring.SupervisionRegistry;

/**
 * A child was restarted by its supervisor after it exited; the event's duration is the
 * time from the exit to the new incarnation running.
 */
public class ChildRestartedEvent extends SupervisionApplicationEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * @param source the {@link SupervisionRegistry} that publishes the event
	 * @param event the event
	 */
	public ChildRestartedEvent(Object source, SupervisionEvent event) {
		super(source, event);
	}

}
