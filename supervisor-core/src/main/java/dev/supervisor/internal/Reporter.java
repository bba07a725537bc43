package dev.supervisor.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.supervisor.ChildKind;
import dev.supervisor.ExitReason;
import dev.supervisor.SupervisionClock;
import dev.supervisor.SupervisionEvent;
import dev.supervisor.SupervisionEvent.Type;
import dev.supervisor.SupervisionListener;

import org.jspecify.annotations.Nullable;

/**
 * Publishes every start, exit, restart, give-up and shutdown to the tree's listeners and writes
 * it as one OTP-style supervisor report line through {@link System.Logger}.
 */
final class Reporter {

	private static final Logger LOGGER = System.getLogger("dev.supervisor.Supervisor");

	private final SupervisionClock clock;

	private final SupervisionListener[] listeners;

	private final boolean reports;

	Reporter(SupervisionClock clock, List<SupervisionListener> listeners, boolean reports) {
		this.clock = clock;
		this.listeners = listeners.toArray(new SupervisionListener[0]);
		this.reports = reports;
	}

	void started(String path, ChildKind kind, long incarnation) {
		emit(Type.STARTED, path, kind, incarnation, null, null, null, Level.DEBUG);
	}

	void startFailed(String path, ChildKind kind, long incarnation, ExitReason cause, String detail) {
		emit(Type.START_FAILED, path, kind, incarnation, cause, null, detail, Level.ERROR);
	}

	void exited(String path, ChildKind kind, long incarnation, ExitReason reason) {
		emit(Type.EXITED, path, kind, incarnation, reason, null, null, reason.isAbnormal() ? Level.ERROR : Level.INFO);
	}

	void restartScheduled(String path, ChildKind kind, long incarnation, long delayNanos, String why) {
		emit(Type.RESTART_SCHEDULED, path, kind, incarnation, null, Duration.ofNanos(delayNanos), why, Level.INFO);
	}

	void restarted(String path, ChildKind kind, long incarnation, long latencyNanos) {
		emit(Type.RESTARTED, path, kind, incarnation, null, Duration.ofNanos(latencyNanos), null, Level.INFO);
	}

	void stopped(String path, ChildKind kind, long incarnation, ExitReason reason) {
		// OTP shutdown_error: a child that had to be abandoned is worth a warning.
		emit(Type.STOPPED, path, kind, incarnation, reason, null, null,
				(reason.kind() == ExitReason.Kind.KILLED) ? Level.WARNING : Level.DEBUG);
	}

	void gaveUp(String path, ChildKind kind, String offender, int intensity, Duration period) {
		emit(Type.GAVE_UP, path, kind, 0, ExitReason.shutdown("reached_max_restart_intensity"), null,
				"offender=" + offender + " intensity=" + intensity + " period=" + period, Level.ERROR);
	}

	void supervisorStopped(String path, ChildKind kind, ExitReason reason, long durationNanos) {
		emit(Type.SUPERVISOR_STOPPED, path, kind, 0, reason, Duration.ofNanos(durationNanos), null, Level.INFO);
	}

	private void emit(Type type, String path, ChildKind kind, long incarnation, @Nullable ExitReason reason,
			@Nullable Duration duration, @Nullable String detail, Level level) {
		if (this.listeners.length > 0) {
			SupervisionEvent event = new SupervisionEvent(type, path, kind, incarnation, reason,
					Instant.ofEpochMilli(this.clock.currentTimeMillis()), duration, detail);
			for (SupervisionListener listener : this.listeners) {
				try {
					listener.onEvent(event);
				}
				catch (RuntimeException ex) {
					// A broken listener must never take the supervisor down with it.
					LOGGER.log(Level.WARNING, "Supervision listener " + listener + " failed on " + type + " of " + path,
							ex);
				}
			}
		}
		if (this.reports && LOGGER.isLoggable(level)) {
			log(type, path, incarnation, reason, duration, detail, level);
		}
	}

	private void log(Type type, String path, long incarnation, @Nullable ExitReason reason,
			@Nullable Duration duration, @Nullable String detail, Level level) {
		StringBuilder line = new StringBuilder(128).append("supervisor report: event=")
			.append(type.name().toLowerCase(java.util.Locale.ROOT))
			.append(" path=")
			.append(path);
		if (incarnation > 0) {
			line.append(" incarnation=").append(incarnation);
		}
		if (reason != null) {
			line.append(" reason=").append(reason);
		}
		if (duration != null) {
			line.append(" duration=").append(duration.toNanos() / 1_000).append("us");
		}
		if (detail != null) {
			line.append(' ').append(detail);
		}
		Throwable error = (reason != null && level == Level.ERROR) ? reason.error() : null;
		if (error != null) {
			LOGGER.log(level, line.toString(), error);
		}
		else {
			LOGGER.log(level, line.toString());
		}
	}

}
