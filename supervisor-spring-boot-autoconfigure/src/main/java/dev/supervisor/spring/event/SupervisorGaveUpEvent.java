package dev.supervisor.spring.event;

import dev.supervisor.SupervisionEvent;
import dev.supervisor.spring.SupervisionRegistry;

/**
 * A supervisor reached its maximum restart intensity and gave up; the event's detail
 * names the offending child. For a root tree, the tree is {@code failed}.
 */
public class SupervisorGaveUpEvent extends SupervisionApplicationEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * @param source the {@link SupervisionRegistry} that publishes the event
	 * @param event the event
	 */
	public SupervisorGaveUpEvent(Object source, SupervisionEvent event) {
		super(source, event);
	}

}
