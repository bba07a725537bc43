package dev.supervisor.demo;

import dev.supervisor.LogText;
import dev.supervisor.SupervisionEvent;
import dev.supervisor.spring.event.SupervisionApplicationEvent;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs every start and stop in the trees, one line each, so the log shows children
 * starting in order and stopping in reverse order. Exits, restarts and give-ups are
 * already in the supervisor reports ({@code dev.supervisor.Supervisor}).
 * <p>
 * These lines go through the application's logging from the published events: the
 * supervisor reports go through {@code System.Logger}, whose bridge to the application's
 * logging Spring Boot removes when the context starts to close, before the trees stop.
 */
@Component
final class SupervisionLog {

	private static final Log logger = LogFactory.getLog(SupervisionLog.class);

	@EventListener
	void onSupervisionEvent(SupervisionApplicationEvent event) {
		SupervisionEvent.Type type = event.getType();
		if (type == SupervisionEvent.Type.STARTED) {
			logger.info("started " + event.getPath() + " incarnation " + event.getIncarnation());
		}
		else if (type == SupervisionEvent.Type.STOPPED) {
			// A reason can carry an exception message from user code: escaped, it stays on its line.
			logger.info("stopped " + event.getPath() + " incarnation " + event.getIncarnation() + " ("
					+ LogText.escape(event.getReason()) + ")");
		}
		else if (type == SupervisionEvent.Type.SUPERVISOR_STOPPED && event.getPath().equals(event.getTree())) {
			logger.info("stopped tree " + event.getPath() + " (" + LogText.escape(event.getReason()) + ")");
		}
	}

}
