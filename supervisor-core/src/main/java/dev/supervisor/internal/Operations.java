package dev.supervisor.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.supervisor.ChildCounts;
import dev.supervisor.ChildInfo;
import dev.supervisor.ChildSpec;
import dev.supervisor.ChildState;
import dev.supervisor.DynamicSupervisorSpec;
import dev.supervisor.ExitReason;
import dev.supervisor.Outcome;
import dev.supervisor.Outcome.Status;
import dev.supervisor.RestartType;
import dev.supervisor.SpecProblem;
import dev.supervisor.SpecValidation;
import dev.supervisor.StartFailedException;
import dev.supervisor.StaticSupervisorSpec;

import org.jspecify.annotations.Nullable;

/**
 * The operations of one supervisor (OTP's {@code start_child}, {@code terminate_child},
 * {@code restart_child}, {@code delete_child}, {@code which_children}, {@code count_children},
 * {@code get_childspec}); each runs on the supervisor's thread, between other messages.
 */
final class Operations {

	/** The reason of an incarnation an operator killed. */
	private static final ExitReason KILLED_BY_OPERATOR = new ExitReason(ExitReason.Kind.KILLED, "killed by operator",
			null);

	private final SupervisorActor supervisor;

	Operations(SupervisorActor supervisor) {
		this.supervisor = supervisor;
	}

	/**
	 * Starts the children in order; if one fails, those started are stopped in reverse order and
	 * the supervisor's start fails naming the child (OTP {@code init_children/2}). No retry.
	 */
	void startInitialChildren(StaticSupervisorSpec spec) {
		SupervisorActor sup = this.supervisor;
		List<ChildSpec> specs = spec.children();
		for (int i = 0; i < specs.size(); i++) {
			ChildSpec child = specs.get(i);
			ChildRecord record = new ChildRecord(child.id(), child, null);
			sup.addChild(record);
			try {
				if (!sup.lifecycle.start(record)) {
					if (record.pending != null) {
						// It waits for an abandoned incarnation of its instance: the children after
						// it start after it, in start order, once that one has ended.
						awaitWithLaterChildren(record, specs.subList(i + 1, specs.size()));
						return;
					}
					if (child.restart() == RestartType.TEMPORARY) {
						sup.removeChild(record);
					}
				}
			}
			catch (ChildStartFailure ex) {
				sup.removeChild(record);
				sup.lifecycle.terminateAll();
				throw new StartFailedException(ex.path, ex.getCause());
			}
			if (sup.killRequested) {
				sup.lifecycle.killAll();
				throw new StartFailedException(sup.childPath(child.id()),
						new IllegalStateException("supervisor killed while starting"));
			}
		}
	}

	private void awaitWithLaterChildren(ChildRecord first, List<ChildSpec> later) {
		List<ChildRecord> group = new ArrayList<>(later.size() + 1);
		group.add(first);
		for (ChildSpec child : later) {
			ChildRecord record = new ChildRecord(child.id(), child, null);
			this.supervisor.addChild(record);
			group.add(record);
		}
		this.supervisor.restarts.waitWithRest(first.pending, group, false);
	}

	Outcome startChild(ChildSpec spec) {
		SupervisorActor sup = this.supervisor;
		String path = sup.childPath(spec.id());
		if (sup.dynamic) {
			return Outcome.of(Status.NOT_SUPPORTED, path, "'" + sup.path
					+ "' is a dynamic supervisor: start its children from its template with startDynamicChild");
		}
		List<SpecProblem> problems = SpecValidation.checkChild(sup.path, spec, sup.autoShutdown);
		if (!problems.isEmpty()) {
			return Outcome.of(Status.INVALID, path, problems.toString());
		}
		ChildRecord existing = sup.children.get(spec.id());
		if (existing != null && existing.isAlive()) {
			// OTP start_child: {error, {already_started, Pid}}.
			return Outcome.of(Status.RUNNING, path, "a child '" + spec.id() + "' is already running");
		}
		if (existing != null) {
			return Outcome.of(Status.ALREADY_PRESENT, path, "a child '" + spec.id() + "' already exists ("
					+ existing.state.name().toLowerCase(java.util.Locale.ROOT) + ")");
		}
		ChildRecord record = new ChildRecord(spec.id(), spec, null);
		sup.addChild(record);
		return startByOperator(record, true);
	}

	Outcome startDynamicChild(@Nullable String id, @Nullable Object argument) {
		SupervisorActor sup = this.supervisor;
		if (!(sup.spec instanceof DynamicSupervisorSpec dynamic)) {
			return Outcome.of(Status.NOT_SUPPORTED, sup.path,
					"'" + sup.path + "' is a static supervisor: start a child with startChild(spec)");
		}
		if (sup.children.size() >= dynamic.maxChildren()) {
			return Outcome.of(Status.MAX_CHILDREN, sup.path,
					"'" + sup.path + "' already has its maximum of " + dynamic.maxChildren() + " children");
		}
		String childId = (id != null) ? id : nextId();
		String path = sup.childPath(childId);
		if (id != null) {
			String problem = SpecValidation.checkId(id);
			if (problem != null) {
				return Outcome.of(Status.INVALID, path, problem);
			}
			if (sup.children.containsKey(id)) {
				return Outcome.of(Status.ALREADY_PRESENT, path, "a child '" + id + "' already exists");
			}
		}
		// Dynamic children share the template's spec; their id lives in the record only.
		ChildRecord record = new ChildRecord(childId, dynamic.template(), argument);
		sup.addChild(record);
		return startByOperator(record, true);
	}

	private String nextId() {
		String id;
		do {
			id = Long.toString(++this.supervisor.nextDynamicId);
		}
		while (this.supervisor.children.containsKey(id));
		return id;
	}

	Outcome terminateChild(String id) {
		SupervisorActor sup = this.supervisor;
		ChildRecord record = sup.children.get(id);
		if (record == null) {
			return notFound(id);
		}
		sup.lifecycle.stop(record);
		if (record.spec.restart() == RestartType.TEMPORARY || sup.dynamic) {
			sup.removeChild(record);
		}
		return Outcome.ok(sup.childPath(id), "terminated");
	}

	Outcome restartChild(String id) {
		SupervisorActor sup = this.supervisor;
		if (sup.dynamic) {
			return Outcome.of(Status.NOT_SUPPORTED, sup.childPath(id),
					"restart_child does not apply to dynamic supervisors (OTP simple_one_for_one); use forceRestartChild");
		}
		ChildRecord record = sup.children.get(id);
		if (record == null) {
			return notFound(id);
		}
		Outcome busy = busy(record);
		return (busy != null) ? busy : startByOperator(record, false);
	}

	Outcome forceRestartChild(String id) {
		SupervisorActor sup = this.supervisor;
		ChildRecord record = sup.children.get(id);
		if (record == null) {
			return notFound(id);
		}
		sup.lifecycle.stop(record);
		return startByOperator(record, sup.dynamic);
	}

	/** OTP {@code exit(Pid, kill)}: the child dies at once and its exit is handled as its own. */
	Outcome killChild(String id) {
		SupervisorActor sup = this.supervisor;
		ChildRecord record = sup.children.get(id);
		if (record == null) {
			return notFound(id);
		}
		Incarnation incarnation = record.current;
		if (incarnation == null) {
			Outcome busy = busy(record);
			return (busy != null) ? busy : Outcome.of(Status.NOT_RUNNING, sup.childPath(id),
					"'" + id + "' is not running (" + record.state.name().toLowerCase(java.util.Locale.ROOT) + ")");
		}
		String path = sup.childPath(id);
		long number = incarnation.number;
		// Nobody waits for it (OTP exit(Pid, kill)). A nested supervisor kills its children without
		// waiting once its thread sees the kill; if that thread is inside user code that ignores the
		// interrupt, it is abandoned like any other incarnation, and its next incarnation waits for
		// it to end.
		if (!incarnation.kill()) {
			// It had ended by itself before the kill: its own exit, already posted, is handled as
			// usual (its restart type applies to its real reason).
			return Outcome.of(Status.NOT_RUNNING, path, "'" + id + "' had already exited by itself ("
					+ incarnation.exitReason() + "); nothing was killed");
		}
		if (record.current == incarnation) {
			sup.restarts.exited(record, incarnation, KILLED_BY_OPERATOR);
		}
		return Outcome.ok(path, "killed incarnation " + number);
	}

	Outcome deleteChild(String id) {
		SupervisorActor sup = this.supervisor;
		if (sup.dynamic) {
			return Outcome.of(Status.NOT_SUPPORTED, sup.childPath(id),
					"delete_child does not apply to dynamic supervisors (OTP simple_one_for_one); use terminateChild");
		}
		ChildRecord record = sup.children.get(id);
		if (record == null) {
			return notFound(id);
		}
		if (record.isAlive()) {
			return Outcome.of(Status.RUNNING, sup.childPath(id), "'" + id + "' is running: terminate it first");
		}
		if (record.state == ChildState.RESTARTING || record.state == ChildState.DELAYED) {
			// OTP delete_child/2: {error, restarting}; terminate_child cancels the pending restart.
			return Outcome.of(Status.RESTARTING, sup.childPath(id), "'" + id + "' is restarting (a restart is "
					+ "pending): terminate it first, which cancels the pending restart, then delete it");
		}
		sup.removeChild(record);
		sup.runtime.reporter.deleted(sup, record);
		return Outcome.ok(sup.childPath(id), "deleted");
	}

	List<ChildInfo> whichChildren() {
		List<ChildInfo> infos = new ArrayList<>(this.supervisor.children.size());
		for (ChildRecord record : this.supervisor.children.values()) {
			infos.add(new ChildInfo(record.id, record.spec.kind(), record.state, record.incarnations));
		}
		return infos;
	}

	ChildCounts countChildren() {
		int supervisors = 0;
		int active = 0;
		for (ChildRecord record : this.supervisor.children.values()) {
			supervisors += record.spec.kind().isSupervisor() ? 1 : 0;
			active += record.isAlive() ? 1 : 0;
		}
		int specs = this.supervisor.children.size();
		return new ChildCounts(specs, active, supervisors, specs - supervisors);
	}

	Optional<ChildSpec> getChildSpec(String id) {
		ChildRecord record = this.supervisor.children.get(id);
		return (record != null) ? Optional.of(record.spec.withId(record.id)) : Optional.empty();
	}

	private Outcome startByOperator(ChildRecord record, boolean removeOnFailure) {
		SupervisorActor sup = this.supervisor;
		String path = sup.childPath(record.id);
		try {
			if (sup.lifecycle.start(record)) {
				return Outcome.ok(path, "started incarnation " + record.incarnations);
			}
			if (record.pending != null) {
				return Outcome.of(Status.PENDING, path, "'" + record.id + "' waits: an abandoned incarnation (killed, "
						+ "its thread still running) is inside the same instance; it starts when that one has ended");
			}
			if (record.spec.restart() == RestartType.TEMPORARY || sup.dynamic) {
				sup.removeChild(record);
			}
			return Outcome.of(Status.IGNORED, path, "the child's factory declined to start it (ignore)");
		}
		catch (ChildStartFailure ex) {
			if (removeOnFailure) {
				sup.removeChild(record);
			}
			return new Outcome(Status.START_FAILED, path,
					"start of '" + ex.path + "' failed: " + ex.getCause(), ex.getCause());
		}
	}

	private @Nullable Outcome busy(ChildRecord record) {
		String path = this.supervisor.childPath(record.id);
		if (record.isAlive()) {
			return Outcome.of(Status.RUNNING, path, "'" + record.id + "' is already running");
		}
		if (record.state == ChildState.RESTARTING || record.state == ChildState.DELAYED) {
			// OTP restart_child/2: {error, restarting}.
			return Outcome.of(Status.RESTARTING, path, "'" + record.id + "' is restarting (a restart is pending): "
					+ "wait for it, or terminate it first, which cancels the pending restart");
		}
		return null;
	}

	private Outcome notFound(String id) {
		return Outcome.of(Status.NOT_FOUND, this.supervisor.childPath(id),
				"no child '" + id + "' under '" + this.supervisor.path + "'");
	}

}
