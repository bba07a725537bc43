package dev.supervisor.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.supervisor.ChildKind;
import dev.supervisor.Durations;
import dev.supervisor.ExitReason;
import dev.supervisor.LogText;
import dev.supervisor.StartFailedException;
import dev.supervisor.SupervisionClock;
import dev.supervisor.SupervisionEvent;
import dev.supervisor.SupervisionEvent.Type;
import dev.supervisor.SupervisionListener;

import org.jspecify.annotations.Nullable;

/**
 * Publishes every start, exit, restart, give-up and shutdown to the tree's listeners and writes
 * it as one OTP-style supervisor report line through {@link System.Logger}. Text from user code
 * (a crash's message) reaches the line only escaped and cut ({@link LogText}), so it can never
 * end the line and forge another.
 */
final class Reporter {

	/** The shutdown detail of a supervisor that gave up (OTP {@code reached_max_restart_intensity}). */
	static final String REACHED_MAX_RESTART_INTENSITY = "reached-max-restart-intensity";

	/** How many frames of a stuck thread a report shows. */
	private static final int STUCK_FRAMES = 8;

	private final SupervisionClock clock;

	private final SupervisionListener[] listeners;

	private final boolean reports;

	private final Logger logger;

	Reporter(SupervisionClock clock, List<SupervisionListener> listeners, boolean reports, Logger logger) {
		this.clock = clock;
		this.listeners = listeners.toArray(new SupervisionListener[0]);
		this.reports = reports;
		this.logger = logger;
	}

	void started(SupervisorActor sup, ChildRecord child, long incarnation) {
		emit(Type.STARTED, sup, child, incarnation, null, -1, null, Level.DEBUG);
	}

	void startFailed(SupervisorActor sup, ChildRecord child, long incarnation, ExitReason cause, String detail) {
		emit(Type.START_FAILED, sup, child, incarnation, cause, -1, detail, Level.ERROR);
	}

	void exited(SupervisorActor sup, ChildRecord child, long incarnation, ExitReason reason) {
		emit(Type.EXITED, sup, child, incarnation, reason, -1, null, reason.isAbnormal() ? Level.ERROR : Level.INFO);
	}

	void restartScheduled(SupervisorActor sup, ChildRecord child, long incarnation, long delayNanos, String why) {
		emit(Type.RESTART_SCHEDULED, sup, child, incarnation, null, delayNanos, why, Level.INFO);
	}

	void restartCancelled(SupervisorActor sup, ChildRecord child) {
		emit(Type.RESTART_CANCELLED, sup, child, child.incarnations, null, -1, null, Level.INFO);
	}

	void restarted(SupervisorActor sup, ChildRecord child, long incarnation, long latencyNanos) {
		emit(Type.RESTARTED, sup, child, incarnation, null, latencyNanos, null, Level.INFO);
	}

	void stopped(SupervisorActor sup, ChildRecord child, long incarnation, ExitReason reason, @Nullable String stuck) {
		// OTP shutdown_error: an exception while stopping is an error report with its stack trace;
		// a child that had to be abandoned is worth a warning, with where its thread is stuck.
		Level level = reason.isShutdownError() ? Level.ERROR
				: (reason.kind() == ExitReason.Kind.KILLED) ? Level.WARNING : Level.DEBUG;
		emit(Type.STOPPED, sup, child, incarnation, reason, -1, reason.isShutdownError() ? "shutdown-error" : stuck,
				level);
	}

	/**
	 * A start waits for an abandoned incarnation that still runs in the same instance: a
	 * {@code RESTART_SCHEDULED} event without a delay, logged as a warning with the stuck thread's
	 * top frames.
	 */
	void awaitingAbandoned(SupervisorActor sup, ChildRecord child, long incarnation, Incarnation holder) {
		// A killed supervisor's own end is normally a matter of microseconds (it kills its children
		// without waiting): INFO. A worker or service still inside the instance is stuck: WARN.
		boolean supervisor = holder instanceof SupervisorIncarnation;
		Level level = supervisor ? Level.INFO : Level.WARNING;
		if (isActive(level)) {
			String stuck = stuck(holder);
			String waits = supervisor ? " has killed its children and ended" : " has left the same instance";
			emit(Type.RESTART_SCHEDULED, sup, child, incarnation, null, -1,
					"awaiting-abandoned: incarnation " + incarnation + " waits until abandoned incarnation "
							+ holder.number + waits + ((stuck != null) ? "; " + stuck : ""),
					level);
		}
	}

	/** An abandoned incarnation ended at last; an exception it ended with is logged with it. */
	void abandonedEnded(Incarnation incarnation) {
		ExitReason reason = incarnation.exitReason();
		boolean failed = reason != null && reason.error() != null;
		Level level = failed ? Level.WARNING : Level.INFO;
		if (this.reports && this.logger.isLoggable(level)) {
			String line = "supervisor report: event=abandoned-ended path=" + LogText.escape(incarnation.path())
					+ " incarnation=" + incarnation.number + " reason=" + LogText.escape(reason);
			if (failed) {
				this.logger.log(level, line, LogText.loggable(reason.error()));
			}
			else {
				this.logger.log(level, line);
			}
		}
	}

	/**
	 * Where the thread of an abandoned incarnation is, for the log: its name and top frames, or
	 * {@code null} if it has no thread right now.
	 */
	static @Nullable String stuck(Incarnation incarnation) {
		Thread thread = incarnation.runnerThread();
		if (thread == null || !thread.isAlive()) {
			return null;
		}
		StackTraceElement[] frames = thread.getStackTrace();
		StringBuilder text = new StringBuilder("abandoned thread '").append(thread.getName()).append("' still runs");
		for (int i = 0; i < Math.min(STUCK_FRAMES, frames.length); i++) {
			text.append((i == 0) ? " at " : " <- ").append(frames[i]);
		}
		return text.toString();
	}

	void gaveUp(SupervisorActor sup, ChildRecord offender) {
		if (isActive(Level.ERROR)) {
			emit(Type.GAVE_UP, sup.path, sup.kind(), 0, ExitReason.shutdown(REACHED_MAX_RESTART_INTENSITY), null,
					"offender=" + sup.childPath(offender.id) + " intensity=" + sup.spec.intensity() + " period="
							+ Durations.format(sup.spec.period()),
					Level.ERROR);
		}
	}

	void deleted(SupervisorActor sup, ChildRecord child) {
		emit(Type.DELETED, sup, child, child.incarnations, null, -1, null, Level.INFO);
	}

	void supervisorStarting(SupervisorActor sup) {
		if (isActive(Level.DEBUG)) {
			emit(Type.SUPERVISOR_STARTING, sup.path, sup.kind(), sup.self.number, null, null, null, Level.DEBUG);
		}
	}

	void supervisorStartFailed(SupervisorActor sup, StartFailedException failure) {
		if (isActive(Level.ERROR)) {
			emit(Type.SUPERVISOR_START_FAILED, sup.path, sup.kind(), sup.self.number,
					ExitReason.crashed((failure.getCause() != null) ? failure.getCause() : failure), null,
					"start-error child=" + failure.childPath(), Level.ERROR);
		}
	}

	void treeStarted(SupervisorActor root, long incarnation) {
		if (isActive(Level.INFO)) {
			emit(Type.STARTED, root.path, root.kind(), incarnation, null, null, "tree started", Level.INFO);
		}
	}

	void supervisorStopped(SupervisorActor sup, ExitReason reason, long durationNanos) {
		if (isActive(Level.INFO)) {
			emit(Type.SUPERVISOR_STOPPED, sup.path, sup.kind(), 0, reason, Duration.ofNanos(durationNanos), null,
					Level.INFO);
		}
	}

	void warn(String message, Throwable error) {
		this.logger.log(Level.WARNING, LogText.escape(message), LogText.loggable(error));
	}

	/** Whether anyone hears an event at this level: no path or event is built otherwise (hot paths). */
	private boolean isActive(Level level) {
		return this.listeners.length > 0 || (this.reports && this.logger.isLoggable(level));
	}

	private void emit(Type type, SupervisorActor sup, ChildRecord child, long incarnation, @Nullable ExitReason reason,
			long nanos, @Nullable String detail, Level level) {
		if (isActive(level)) {
			emit(type, sup.childPath(child.id), child.spec.kind(), incarnation, reason,
					(nanos >= 0) ? Duration.ofNanos(nanos) : null, detail, level);
		}
	}

	private void emit(Type type, String path, ChildKind kind, long incarnation, @Nullable ExitReason reason,
			@Nullable Duration duration, @Nullable String detail, Level level) {
		if (this.listeners.length > 0) {
			SupervisionEvent event = new SupervisionEvent(type, path, kind, incarnation, reason,
					Instant.ofEpochMilli(this.clock.currentTimeMillis()), duration, detail);
			boolean interrupted = Thread.currentThread().isInterrupted();
			for (SupervisionListener listener : this.listeners) {
				try {
					listener.onEvent(event);
				}
				catch (Throwable ex) {
					// A broken listener, even one that throws an Error (a StackOverflowError), must never
					// take the supervisor down with it.
					this.logger.log(Level.WARNING,
							LogText.escape("Supervision listener " + listener + " failed on " + type + " of " + path),
							LogText.loggable(ex));
				}
			}
			ChildLifecycle.restoreInterrupt(interrupted);
		}
		if (this.reports && this.logger.isLoggable(level)) {
			log(type, path, incarnation, reason, duration, detail, level);
		}
	}

	private void log(Type type, String path, long incarnation, @Nullable ExitReason reason,
			@Nullable Duration duration, @Nullable String detail, Level level) {
		StringBuilder line = new StringBuilder(128).append("supervisor report: event=")
			.append(type.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
			.append(" path=")
			.append(LogText.escape(path));
		if (incarnation > 0) {
			line.append(" incarnation=").append(incarnation);
		}
		if (reason != null) {
			line.append(" reason=").append(LogText.escape(reason));
		}
		if (duration != null) {
			line.append(" duration=").append(Durations.format(duration));
		}
		if (detail != null) {
			line.append(' ').append(LogText.escape(detail));
		}
		Throwable error = (reason != null && level == Level.ERROR) ? LogText.loggable(reason.error()) : null;
		if (error != null) {
			this.logger.log(level, line.toString(), error);
		}
		else {
			this.logger.log(level, line.toString());
		}
	}

}
