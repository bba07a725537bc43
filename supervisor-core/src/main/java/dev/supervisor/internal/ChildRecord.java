package dev.supervisor.internal;

import dev.supervisor.ChildSpec;
import dev.supervisor.ChildState;
import dev.supervisor.ExitReason;

import org.jspecify.annotations.Nullable;

/**
 * Everything a supervisor knows about one child (OTP's {@code #child{}} record). Owned by the
 * supervisor's thread; read by other threads only once that supervisor has terminated.
 */
final class ChildRecord {

	final String id;

	final ChildSpec spec;

	final @Nullable Object argument;

	ChildState state = ChildState.STOPPED;

	/** The running incarnation, or {@code null}. */
	@Nullable Incarnation current;

	/** The last supervisor incarnation, kept after it ended so operators can look inside. */
	@Nullable SupervisorActor lastSupervisor;

	/** The number of the latest incarnation (every start attempt makes one). */
	long incarnations;

	long sinceMillis;

	int restartCount;

	/** When the running incarnation started, on the tree's clock. */
	long startedNanos;

	/** How long the last incarnation ran before it exited; 0 after a failed start. */
	long lastRunNanos;

	/** When the exit that caused the pending restart happened; 0 if none. */
	long exitNanos;

	int backoffStep;

	@Nullable ExitReason lastExit;

	long lastExitMillis;

	/** The pending restart (backoff, delay, retry or a wait for an abandoned incarnation), or {@code null}. */
	@Nullable Pending pending;

	/**
	 * The pending start of an earlier child this one waits for in start order (its group is
	 * started once that child's wait for an abandoned incarnation is over), or {@code null}.
	 */
	@Nullable Pending startAfter;

	ChildRecord(String id, ChildSpec spec, @Nullable Object argument) {
		this.id = id;
		this.spec = spec;
		this.argument = argument;
	}

	boolean isAlive() {
		return this.current != null;
	}

}
