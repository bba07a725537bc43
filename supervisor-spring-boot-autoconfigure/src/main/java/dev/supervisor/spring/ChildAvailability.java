package dev.supervisor.spring;

import java.time.Instant;

import dev.supervisor.spring.handle.ChildUnavailableException;

import org.jspecify.annotations.Nullable;

/**
 * Whether a child without a running incarnation may come back without an operator, as a handle
 * asks before it waits: it is starting, restarting, being stopped for a restart, or a restart of
 * it (or of a supervisor above it) is pending.
 *
 * @param state the state as operators see it, e.g. {@code restarting}, or {@code failed (tree 'x'
 * is failed)}
 * @param mayComeBack whether waiting for it makes sense
 * @param restartPending whether a restart is known to be pending (for {@code Retry-After})
 * @param nextRestartAt when the pending restart is due, if known
 * @param stoppedAt for a child that will not come back: the depth on its path where that was
 * decided (0 for its tree); {@code Integer.MAX_VALUE} otherwise
 */
record ChildAvailability(String state, boolean mayComeBack, boolean restartPending, @Nullable Instant nextRestartAt,
		int stoppedAt) {

	static ChildAvailability down(String state, int depth) {
		return new ChildAvailability(state, false, false, null, depth);
	}

	static ChildAvailability pending(String state, @Nullable Instant nextRestartAt) {
		return new ChildAvailability(state, true, true, nextRestartAt, Integer.MAX_VALUE);
	}

	static ChildAvailability transitional(String state) {
		return new ChildAvailability(state, true, false, null, Integer.MAX_VALUE);
	}

	/**
	 * The exception for a call that cannot be served.
	 * @param path the child's path
	 * @param why what went wrong, following the state: {@code ": ..."} or {@code " and ..."}
	 * @return the exception
	 */
	ChildUnavailableException unavailable(String path, String why) {
		int detail = this.state.indexOf(':');
		String state = (detail != -1) ? this.state.substring(0, detail) : this.state;
		return new ChildUnavailableException(path, state, "Supervised child '" + path + "' is " + this.state + why,
				this.restartPending, this.nextRestartAt);
	}

}
