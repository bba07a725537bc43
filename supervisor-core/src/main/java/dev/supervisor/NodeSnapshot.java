package dev.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An immutable view of one node of a tree and, for supervisors, of its children.
 *
 * @param path the node's path, e.g. {@code ingest/consumers/c-3}
 * @param id the last segment of the path
 * @param kind what the node is
 * @param restart its restart type ({@code null} for a root tree)
 * @param shutdown how it is stopped
 * @param significant whether it is significant
 * @param state its state
 * @param incarnation the number of its current (or last) incarnation, 0 if never started
 * @param since when it entered its state
 * @param restartCount how many times its supervisor restarted it (operator restarts excluded)
 * @param lastExit its last exit, if any
 * @param nextRestartAt when the next restart is due while it is {@code restarting} (none while it waits
 * for an abandoned incarnation)
 * @param restartPending whether something will start it again without an operator: it is starting,
 * a backoff, delayed restart or retry is pending, it waits for an abandoned incarnation, or it
 * belongs to a group restart (one_for_all, rest_for_one) that is pending
 * @param abandoned its incarnations that were abandoned ({@code killed}) and whose thread still
 * runs, oldest first; empty almost always
 * @param supervisor for supervisors: the restart window and the children; {@code null} otherwise
 */
public record NodeSnapshot(String path, String id, ChildKind kind, @Nullable RestartType restart, Shutdown shutdown,
		boolean significant, ChildState state, long incarnation, @Nullable Instant since, int restartCount,
		@Nullable ExitInfo lastExit, @Nullable Instant nextRestartAt, boolean restartPending, List<Abandoned> abandoned,
		@Nullable SupervisorView supervisor) {

	/**
	 * Copies the list of abandoned incarnations.
	 * @param path the node's path
	 * @param id the last segment of the path
	 * @param kind what the node is
	 * @param restart its restart type ({@code null} for a root tree)
	 * @param shutdown how it is stopped
	 * @param significant whether it is significant
	 * @param state its state
	 * @param incarnation the number of its current (or last) incarnation
	 * @param since when it entered its state
	 * @param restartCount how many times its supervisor restarted it
	 * @param lastExit its last exit, if any
	 * @param nextRestartAt when the next restart is due, if one is
	 * @param restartPending whether something will start it again without an operator
	 * @param abandoned its abandoned incarnations whose thread still runs
	 * @param supervisor for supervisors: the restart window and the children
	 */
	public NodeSnapshot {
		abandoned = List.copyOf(abandoned);
	}

	/**
	 * A node without a pending restart and without abandoned incarnations.
	 * @param path the node's path
	 * @param id the last segment of the path
	 * @param kind what the node is
	 * @param restart its restart type ({@code null} for a root tree)
	 * @param shutdown how it is stopped
	 * @param significant whether it is significant
	 * @param state its state
	 * @param incarnation the number of its current (or last) incarnation
	 * @param since when it entered its state
	 * @param restartCount how many times its supervisor restarted it
	 * @param lastExit its last exit, if any
	 * @param nextRestartAt when the next restart is due, if one is
	 * @param supervisor for supervisors: the restart window and the children
	 */
	public NodeSnapshot(String path, String id, ChildKind kind, @Nullable RestartType restart, Shutdown shutdown,
			boolean significant, ChildState state, long incarnation, @Nullable Instant since, int restartCount,
			@Nullable ExitInfo lastExit, @Nullable Instant nextRestartAt, @Nullable SupervisorView supervisor) {
		this(path, id, kind, restart, shutdown, significant, state, incarnation, since, restartCount, lastExit,
				nextRestartAt, false, List.of(), supervisor);
	}

	/**
	 * An incarnation its supervisor abandoned (Java cannot kill a thread) that still runs. No new
	 * incarnation runs on the same instance until it has ended.
	 *
	 * @param incarnation its number
	 * @param thread the name of the thread it runs on right now, if it has one
	 * @param since when it was abandoned
	 */
	public record Abandoned(long incarnation, @Nullable String thread, Instant since) {
	}

	/**
	 * What a supervisor node adds: its restart window and its children.
	 *
	 * @param strategy the strategy ({@code null} for dynamic supervisors, which restart one for one)
	 * @param intensity maximum restarts within the period
	 * @param period the restart window
	 * @param restartsInWindow restarts counted in the current window
	 * @param totalChildren how many children it has (0 when it is not {@code complete})
	 * @param childrenByState how many children are in each state (empty when it is not
	 * {@code complete})
	 * @param offset the index of the first child listed
	 * @param children the listed children (all of a static supervisor, a page of a dynamic one);
	 * fewer when the snapshot's depth or node budget ends here
	 * @param maxChildren the limit of a dynamic supervisor, {@code null} for static ones
	 * @param worstCaseShutdown the longest its shutdown can take, {@code null} for infinity
	 * @param complete {@code false} when the supervisor did not answer in time (it was busy):
	 * its window, counts and children are then unknown, not zero
	 * @param truncated whether children its page would list were left out because the
	 * snapshot's depth or node budget ended here
	 * @param abandoned how many abandoned incarnations of its children still run (listed or not)
	 * @param restartsDelayed how many restarts it delayed since it started, because its intensity was
	 * reached ({@code delay-on-max-intensity}): they are not in {@code restartsInWindow}, which never
	 * exceeds {@code intensity}; a child waiting on one is {@link ChildState#DELAYED}
	 */
	public record SupervisorView(@Nullable Strategy strategy, int intensity, Duration period, int restartsInWindow,
			int totalChildren, Map<ChildState, Integer> childrenByState, int offset, List<NodeSnapshot> children,
			@Nullable Integer maxChildren, @Nullable Duration worstCaseShutdown, boolean complete,
			boolean truncated, int abandoned, int restartsDelayed) {

		/**
		 * Copies the counts of children by state.
		 * @param strategy the strategy ({@code null} for dynamic supervisors, which restart one for one)
		 * @param intensity maximum restarts within the period
		 * @param period the restart window
		 * @param restartsInWindow restarts counted in the current window
		 * @param totalChildren how many children it has
		 * @param childrenByState how many children are in each state
		 * @param offset the index of the first child listed
		 * @param children the listed children (all of a static supervisor, a page of a dynamic one); empty
		 * when the snapshot's depth ends here
		 * @param maxChildren the limit of a dynamic supervisor, {@code null} for static ones
		 * @param worstCaseShutdown the longest its shutdown can take, {@code null} for infinity
		 * @param complete {@code false} when the supervisor did not answer in time
		 * @param truncated whether children were left out by the snapshot's depth or node budget
		 * @param abandoned how many abandoned incarnations of its children still run
		 * @param restartsDelayed how many restarts it delayed since it started
		 */
		public SupervisorView {
			childrenByState = Map.copyOf(childrenByState);
			children = List.copyOf(children);
		}

		/**
		 * A supervisor part without abandoned incarnations.
		 * @param strategy the strategy ({@code null} for dynamic supervisors)
		 * @param intensity maximum restarts within the period
		 * @param period the restart window
		 * @param restartsInWindow restarts counted in the current window
		 * @param totalChildren how many children it has
		 * @param childrenByState how many children are in each state
		 * @param offset the index of the first child listed
		 * @param children the listed children
		 * @param maxChildren the limit of a dynamic supervisor, {@code null} for static ones
		 * @param worstCaseShutdown the longest its shutdown can take, {@code null} for infinity
		 * @param complete {@code false} when the supervisor did not answer in time
		 * @param truncated whether children were left out by the snapshot's depth or node budget
		 */
		public SupervisorView(@Nullable Strategy strategy, int intensity, Duration period, int restartsInWindow,
				int totalChildren, Map<ChildState, Integer> childrenByState, int offset, List<NodeSnapshot> children,
				@Nullable Integer maxChildren, @Nullable Duration worstCaseShutdown, boolean complete,
				boolean truncated) {
			this(strategy, intensity, period, restartsInWindow, totalChildren, childrenByState, offset, children,
					maxChildren, worstCaseShutdown, complete, truncated, 0, 0);
		}

		/**
		 * A supervisor part without delayed restarts.
		 * @param strategy the strategy ({@code null} for dynamic supervisors)
		 * @param intensity maximum restarts within the period
		 * @param period the restart window
		 * @param restartsInWindow restarts counted in the current window
		 * @param totalChildren how many children it has
		 * @param childrenByState how many children are in each state
		 * @param offset the index of the first child listed
		 * @param children the listed children
		 * @param maxChildren the limit of a dynamic supervisor, {@code null} for static ones
		 * @param worstCaseShutdown the longest its shutdown can take, {@code null} for infinity
		 * @param complete {@code false} when the supervisor did not answer in time
		 * @param truncated whether children were left out by the snapshot's depth or node budget
		 * @param abandoned how many abandoned incarnations of its children still run
		 */
		public SupervisorView(@Nullable Strategy strategy, int intensity, Duration period, int restartsInWindow,
				int totalChildren, Map<ChildState, Integer> childrenByState, int offset, List<NodeSnapshot> children,
				@Nullable Integer maxChildren, @Nullable Duration worstCaseShutdown, boolean complete,
				boolean truncated, int abandoned) {
			this(strategy, intensity, period, restartsInWindow, totalChildren, childrenByState, offset, children,
					maxChildren, worstCaseShutdown, complete, truncated, abandoned, 0);
		}

	}

	/**
	 * Finds a node below this one by a path relative to it.
	 * @param relativePath e.g. {@code consumers/c-3}
	 * @return the node, or {@code null} if it is not in this snapshot
	 */
	public @Nullable NodeSnapshot find(String relativePath) {
		NodeSnapshot node = this;
		for (String segment : relativePath.split("/")) {
			if (segment.isEmpty()) {
				continue;
			}
			if (node.supervisor == null) {
				return null;
			}
			NodeSnapshot next = null;
			for (NodeSnapshot child : node.supervisor.children()) {
				if (child.id().equals(segment)) {
					next = child;
					break;
				}
			}
			if (next == null) {
				return null;
			}
			node = next;
		}
		return node;
	}

}
