package dev.supervisor.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.supervisor.AutoShutdown;
import dev.supervisor.Backoff;
import dev.supervisor.ChildState;
import dev.supervisor.Durations;
import dev.supervisor.ExitReason;
import dev.supervisor.RestartType;

/**
 * What a supervisor does when a child exits by itself: OTP's {@code restart_child/3},
 * {@code do_restart/4}, {@code restart/2,3} and {@code add_restart/1}, plus backoff and delayed
 * restart (RabbitMQ {@code supervisor2}).
 */
final class Restarts {

	private final SupervisorActor supervisor;

	Restarts(SupervisorActor supervisor) {
		this.supervisor = supervisor;
	}

	/** An incarnation ended by itself (OTP {@code handle_info({'EXIT', Pid, Reason}, State)}). */
	void childExited(Incarnation incarnation) {
		SupervisorActor sup = this.supervisor;
		ChildRecord record = incarnation.record;
		if (record.current != incarnation || !sup.isChild(record)) {
			// An old incarnation: stopped or abandoned by us, never mistaken for the current one.
			if (incarnation.abandoned) {
				sup.lifecycle.abandonedEnded(incarnation);
			}
			return;
		}
		exited(record, incarnation, incarnation.exitReason());
	}

	/**
	 * The child's current incarnation ended with the reason: report it, then restart it, remove it
	 * or stop this supervisor, by its restart type (OTP {@code do_restart/4}).
	 */
	void exited(ChildRecord record, Incarnation incarnation, ExitReason reason) {
		SupervisorActor sup = this.supervisor;
		long now = sup.runtime.clock.nanoTime();
		sup.lifecycle.end(record, reason);
		sup.runtime.reporter.exited(sup, record, incarnation.number, reason);
		RestartType type = record.spec.restart();
		if (type.restartsAfter(reason)) {
			record.exitNanos = now;
			restart(record);
			return;
		}
		// OTP do_restart/4 for normal and shutdown exits, and for temporary children.
		if (type == RestartType.INTRINSIC) {
			sup.removeChild(record);
			stopSelf(ExitReason.shutdown("intrinsic child '" + record.id + "' exited: " + reason));
			return;
		}
		if (type == RestartType.TEMPORARY || sup.dynamic) {
			sup.removeChild(record);
		}
		if (record.spec.significant()) {
			autoShutdown(record);
		}
	}

	/**
	 * Counts a restart against the window, then restarts now, after a backoff, after a delay, or
	 * gives up (OTP {@code restart/2}).
	 */
	void restart(ChildRecord record) {
		SupervisorActor sup = this.supervisor;
		long now = sup.runtime.clock.nanoTime();
		if (!sup.window.add(now)) {
			Duration delay = record.spec.delayOnMaxIntensity();
			if (delay != null) {
				stopGroupOf(record);
				// Not a restart of the window (it holds at most intensity): a state and a count of its own.
				sup.restartsDelayed++;
				schedule(record, Pending.Kind.AFTER_MAX_INTENSITY, Durations.toNanosCapped(delay), "max restart intensity reached");
				return;
			}
			sup.runtime.reporter.gaveUp(sup, record);
			sup.gaveUp = true;
			if (record.spec.restart() == RestartType.TEMPORARY || sup.dynamic) {
				sup.removeChild(record);
			}
			stopSelf(ExitReason.shutdown(Reporter.REACHED_MAX_RESTART_INTENSITY + ": " + sup.childPath(record.id)));
			return;
		}
		long backoff = backoffNanos(record);
		if (backoff > 0) {
			stopGroupOf(record);
			schedule(record, Pending.Kind.BACKOFF, backoff, "backoff");
			return;
		}
		restartNow(record);
	}

	/** A pending restart is due (a timer, or a retry coming back through the mailbox). */
	void fire(Pending pending) {
		SupervisorActor sup = this.supervisor;
		ChildRecord record = pending.record;
		if (record.pending != pending || !sup.isChild(record)) {
			return;
		}
		record.pending = null;
		switch (pending.kind) {
			case BACKOFF -> restartNow(record);
			case AFTER_MAX_INTENSITY -> {
				// RabbitMQ supervisor2: the delayed restart starts a fresh window, and counts in it.
				sup.window.clear();
				sup.window.add(sup.runtime.clock.nanoTime());
				restartNow(record);
			}
			case RETRY -> restart(record);
			case AWAIT_ABANDONED -> resume(pending);
		}
	}

	/**
	 * The abandoned incarnation a start waited for has ended: the start is made now, with the rest
	 * of its group in start order. A supervisor's restart counts and is reported as one; an
	 * operator's or an initial start is not.
	 */
	private void resume(Pending pending) {
		List<ChildRecord> group = (pending.group != null) ? pending.group : List.of(pending.record);
		if (pending.restart) {
			startGroup(group, pending.record);
			return;
		}
		SupervisorActor sup = this.supervisor;
		for (int i = 0; i < group.size(); i++) {
			ChildRecord record = group.get(i);
			if (!sup.isChild(record) || record.isAlive() || (record.pending != null && record != pending.record)) {
				continue;
			}
			record.startAfter = null;
			try {
				if (!sup.lifecycle.start(record)) {
					if (record.pending != null) {
						waitWithRest(record.pending, group.subList(i, group.size()), false);
						return;
					}
					if (record.spec.restart() == RestartType.TEMPORARY || sup.dynamic) {
						sup.removeChild(record);
					}
				}
			}
			catch (ChildStartFailure ex) {
				// Reported as a failed start; like an operator's start, it is not retried.
				return;
			}
		}
	}

	/**
	 * A start that waits for an abandoned incarnation takes the rest of its group along: they start
	 * after it, in start order.
	 */
	void waitWithRest(Pending pending, List<ChildRecord> group, boolean restart) {
		pending.group = (group.size() > 1) ? new ArrayList<>(group) : null;
		pending.restart = restart;
		for (int i = 1; i < group.size(); i++) {
			group.get(i).startAfter = pending;
		}
	}

	/** Restarts the child and its group now (OTP {@code restart/3}, one clause per strategy). */
	private void restartNow(ChildRecord record) {
		List<ChildRecord> group = switch (this.supervisor.strategy) {
			case ONE_FOR_ONE -> List.of(record);
			case ONE_FOR_ALL -> {
				stopGroupOf(record);
				yield new ArrayList<>(this.supervisor.children.values());
			}
			case REST_FOR_ONE -> {
				stopGroupOf(record);
				yield childrenFrom(record);
			}
		};
		startGroup(group, record);
	}

	/**
	 * Stops the siblings a group restart takes down, in reverse start order; temporary ones are
	 * removed (OTP {@code terminate_children/2} in {@code restart/3}).
	 */
	private void stopGroupOf(ChildRecord record) {
		SupervisorActor sup = this.supervisor;
		List<ChildRecord> others = switch (sup.strategy) {
			case ONE_FOR_ONE -> List.of();
			case ONE_FOR_ALL -> new ArrayList<>(sup.children.values());
			case REST_FOR_ONE -> childrenFrom(record);
		};
		for (int i = others.size() - 1; i >= 0; i--) {
			ChildRecord other = others.get(i);
			if (other == record) {
				continue;
			}
			sup.lifecycle.stop(other);
			if (other.spec.restart() == RestartType.TEMPORARY) {
				sup.removeChild(other);
			}
		}
	}

	/**
	 * Starts the group in start order. A failed start is retried through the mailbox, so other
	 * requests are served in between (OTP {@code try_again_restart}); each retry counts.
	 */
	private void startGroup(List<ChildRecord> group, ChildRecord trigger) {
		SupervisorActor sup = this.supervisor;
		for (ChildRecord record : group) {
			if (sup.killRequested) {
				// Killed: it stops waiting on children's starts too; its loop kills what runs.
				return;
			}
			if (!sup.isChild(record) || record.isAlive()) {
				continue;
			}
			record.pending = null;
			record.startAfter = null;
			try {
				if (sup.lifecycle.start(record)) {
					record.restartCount++;
					long latency = (trigger.exitNanos != 0) ? sup.runtime.clock.nanoTime() - trigger.exitNanos : 0;
					sup.runtime.reporter.restarted(sup, record, record.incarnations,
							latency);
				}
				else if (record.pending != null) {
					// It waits for an abandoned incarnation of its instance; the rest of the group waits with it.
					record.exitNanos = trigger.exitNanos;
					waitWithRest(record.pending, group.subList(group.indexOf(record), group.size()), true);
					return;
				}
				else if (record.spec.restart() == RestartType.TEMPORARY || sup.dynamic) {
					sup.removeChild(record);
				}
			}
			catch (ChildStartFailure ex) {
				record.exitNanos = trigger.exitNanos;
				retry(record);
				return;
			}
		}
		trigger.exitNanos = 0;
	}

	private void retry(ChildRecord record) {
		SupervisorActor sup = this.supervisor;
		Pending pending = new Pending(record, Pending.Kind.RETRY, sup.runtime.clock.nanoTime(),
				sup.runtime.clock.currentTimeMillis());
		record.pending = pending;
		sup.setState(record, ChildState.RESTARTING);
		sup.mailbox.post(pending);
	}

	private void schedule(ChildRecord record, Pending.Kind kind, long delayNanos, String why) {
		SupervisorActor sup = this.supervisor;
		Pending pending = new Pending(record, kind, Durations.deadline(sup.runtime.clock.nanoTime(), delayNanos),
				sup.runtime.clock.currentTimeMillis() + Math.min(delayNanos, Durations.MAX_NANOS) / 1_000_000);
		record.pending = pending;
		sup.setState(record, (kind == Pending.Kind.AFTER_MAX_INTENSITY) ? ChildState.DELAYED : ChildState.RESTARTING);
		sup.timers.add(pending);
		sup.runtime.reporter.restartScheduled(sup, record, record.incarnations,
				delayNanos, why);
	}

	private long backoffNanos(ChildRecord record) {
		Backoff backoff = record.spec.backoff();
		if (backoff == null) {
			return 0;
		}
		if (record.lastRunNanos >= Durations.toNanosCapped(backoff.resetAfter())) {
			record.backoffStep = 0;
		}
		long delay = backoff.delayNanos(record.backoffStep, this.supervisor.runtime.random.getAsDouble());
		if (record.backoffStep < 62) {
			record.backoffStep++;
		}
		return delay;
	}

	/** A significant child exited by itself and was not restarted (OTP {@code do_auto_shutdown/2}). */
	private void autoShutdown(ChildRecord record) {
		SupervisorActor sup = this.supervisor;
		if (sup.autoShutdown == AutoShutdown.NEVER) {
			return;
		}
		if (sup.autoShutdown == AutoShutdown.ALL_SIGNIFICANT) {
			if (sup.dynamic) {
				// OTP do_auto_shutdown/2 for simple_one_for_one: every child comes from the significant
				// template, and a child that will not be restarted was removed; one left (running or
				// restarting) keeps the supervisor up.
				if (!sup.children.isEmpty()) {
					return;
				}
			}
			for (ChildRecord child : sup.children.values()) {
				if (child.spec.significant() && (child.isAlive() || child.pending != null)) {
					return;
				}
			}
		}
		stopSelf(ExitReason.shutdown("auto-shutdown: significant child '" + record.id + "' exited"));
	}

	private void stopSelf(ExitReason reason) {
		this.supervisor.exitReason = reason;
	}

	private List<ChildRecord> childrenFrom(ChildRecord record) {
		List<ChildRecord> from = new ArrayList<>();
		boolean found = false;
		for (ChildRecord child : this.supervisor.children.values()) {
			found = found || child == record;
			if (found) {
				from.add(child);
			}
		}
		return from;
	}

}
