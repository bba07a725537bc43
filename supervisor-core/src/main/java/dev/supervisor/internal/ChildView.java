package dev.supervisor.internal;

import java.util.List;

import dev.supervisor.ChildSpec;
import dev.supervisor.ChildState;
import dev.supervisor.ExitReason;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.Strategy;

import org.jspecify.annotations.Nullable;

/** A copy of one child record, taken on its supervisor's thread for a snapshot. */
record ChildView(String id, ChildSpec spec, ChildState state, long incarnation, long sinceMillis, int restartCount,
		@Nullable ExitReason lastExit, long lastExitMillis, long nextRestartMillis, boolean restartPending,
		List<NodeSnapshot.Abandoned> abandoned, @Nullable SupervisorActor actor) {

	/** A child of a supervisor, which tells whether a pending group restart will start it. */
	static ChildView of(SupervisorActor supervisor, ChildRecord record) {
		return of(supervisor, record, inPendingGroup(supervisor, record));
	}

	/**
	 * A child of a supervisor.
	 * @param inPendingGroup whether a pending group restart (one_for_all, rest_for_one) will start it
	 */
	static ChildView of(SupervisorActor supervisor, ChildRecord record, boolean inPendingGroup) {
		Pending pending = record.pending;
		Pending startAfter = record.startAfter;
		boolean restartPending = pending != null || record.state == ChildState.STARTING
				|| (startAfter != null && startAfter.record.pending == startAfter)
				|| (inPendingGroup && record.state == ChildState.STOPPED);
		List<NodeSnapshot.Abandoned> abandoned = supervisor.runtime.abandoned.isEmpty() ? List.of()
				: supervisor.runtime.abandoned.of(supervisor.childPath(record.id));
		// A nested supervisor that is stopping by itself (it gave up, auto-shutdown) still shows as
		// running in its parent until the parent has handled its exit: say it is stopping.
		SupervisorActor nested = record.lastSupervisor;
		ChildState state = (record.state == ChildState.RUNNING && nested != null
				&& nested.phase.compareTo(SupervisorActor.Phase.STOPPING) >= 0) ? ChildState.STOPPING : record.state;
		// Since when it shows that state: a supervisor stopping by itself, since its stop began.
		long since = (state == record.state) ? record.sinceMillis
				: (nested.stoppingSinceMillis != 0) ? nested.stoppingSinceMillis : nested.phaseSinceMillis;
		return new ChildView(record.id, record.spec, state, record.incarnations, since,
				record.restartCount, record.lastExit, record.lastExitMillis, (pending != null) ? pending.dueMillis : 0,
				restartPending, abandoned, record.lastSupervisor);
	}

	/**
	 * Whether a group restart that is pending (a backoff, a delay or a retry of a one_for_all or
	 * rest_for_one restart) will start the record: all children for one_for_all, those from the
	 * pending child on for rest_for_one (DESIGN "Group restarts"). O(children); static supervisors
	 * are small.
	 */
	static boolean inPendingGroup(SupervisorActor supervisor, ChildRecord record) {
		if (supervisor.dynamic || supervisor.strategy == Strategy.ONE_FOR_ONE) {
			return false;
		}
		for (ChildRecord child : supervisor.children.values()) {
			if (child.pending != null && child.pending.restartsGroup()) {
				return true;
			}
			if (child == record && supervisor.strategy == Strategy.REST_FOR_ONE) {
				return false;
			}
		}
		return false;
	}

}
