package dev.supervisor.demo;

import dev.supervisor.spring.event.SupervisorGaveUpEvent;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns a supervisor's give-up into an alert. Here it is a log line; a real application
 * would page someone. A root tree that gave up stays down (and health is DOWN) until an
 * operator restarts it.
 */
@Component
final class SupervisionAlerts {

	private static final Log logger = LogFactory.getLog(SupervisionAlerts.class);

	@EventListener
	void onGiveUp(SupervisorGaveUpEvent event) {
		String path = event.getPath();
		String detail = (event.getEvent().detail() != null) ? " (" + event.getEvent().detail() + ")" : "";
		if (path.equals(event.getTree())) {
			logger.error("ALERT: supervision tree '" + path + "' gave up" + detail + " and stays down; health is "
					+ "DOWN. Fix the cause, then restart it: POST /actuator/supervision/" + path
					+ " {\"action\":\"restart\"}");
		}
		else {
			logger.warn("ALERT: supervisor '" + path + "' gave up" + detail + "; its parent decides what follows");
		}
	}

}
