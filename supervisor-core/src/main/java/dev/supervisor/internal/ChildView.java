package dev.supervisor.internal;

import dev.supervisor.ChildSpec;
import dev.supervisor.ChildState;
import dev.supervisor.ExitReason;

import org.jspecify.annotations.Nullable;

/** A copy of one child record, taken on its supervisor's thread for a snapshot. */
record ChildView(String id, ChildSpec spec, ChildState state, long incarnation, long sinceMillis, int restartCount,
		@Nullable ExitReason lastExit, long lastExitMillis, long nextRestartMillis, @Nullable SupervisorActor actor) {

	static ChildView of(ChildRecord record) {
		Pending pending = record.pending;
		return new ChildView(record.id, record.spec, record.state, record.incarnations, record.sinceMillis,
				record.restartCount, record.lastExit, record.lastExitMillis, (pending != null) ? pending.dueMillis : 0,
				record.lastSupervisor);
	}

}
