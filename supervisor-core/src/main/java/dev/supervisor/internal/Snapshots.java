package dev.supervisor.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.supervisor.ChildState;
import dev.supervisor.DynamicSupervisorSpec;
import dev.supervisor.ExitInfo;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.NodeSnapshot.SupervisorView;
import dev.supervisor.ShutdownBudget;
import dev.supervisor.SnapshotOptions;
import dev.supervisor.StaticSupervisorSpec;
import dev.supervisor.Strategy;

import org.jspecify.annotations.Nullable;

/**
 * Builds immutable snapshots. Each supervisor copies its own records on its own thread (between
 * messages, or while it waits for a child to stop), one page at a time; the caller assembles the
 * tree, so no supervisor is held up by the size of another. A snapshot holds at most its
 * {@link SnapshotOptions#maxNodes() node budget}: no supervisor copies more children than the
 * budget has left, so its memory is bounded whatever the tree's shape.
 */
final class Snapshots {

	/** How long a snapshot waits for one busy supervisor before showing it as not complete. */
	static final long TIMEOUT_MILLIS = 2_000;

	/** How long one snapshot waits for busy supervisors in all: those asked later are not complete. */
	static final long TOTAL_TIMEOUT_MILLIS = 5_000;

	private Snapshots() {
	}

	/**
	 * What one snapshot may still take: nodes, and time waiting for supervisors. Used only by the
	 * thread that assembles the snapshot.
	 */
	static final class Budget {

		private int nodes;

		// Real time: it bounds real waits on other threads (Future.get), whatever the tree's clock.
		private final long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TOTAL_TIMEOUT_MILLIS);

		Budget(SnapshotOptions options) {
			// The requested node itself is the first.
			this.nodes = options.maxNodes() - 1;
		}

		long waitMillis() {
			return Math.min(TIMEOUT_MILLIS, TimeUnit.NANOSECONDS.toMillis(this.deadlineNanos - System.nanoTime()));
		}

	}

	/**
	 * The data of a supervisor: asked through its mailbox, or read directly once it has terminated
	 * (its thread is gone and wrote its last state before saying so).
	 * @param max how many children to copy at most
	 * @param waitMillis how long to wait for a busy supervisor
	 * @return the data, or {@code null} if the supervisor did not answer in time
	 */
	static @Nullable SupervisorData data(SupervisorActor actor, int offset, int max, long waitMillis) {
		if (actor.isTerminated()) {
			return collect(actor, offset, max);
		}
		if (waitMillis <= 0) {
			return null;
		}
		try {
			Object result = actor.submit((a) -> collect(a, offset, max), true).get(waitMillis, TimeUnit.MILLISECONDS);
			if (result == SupervisorActor.DOWN) {
				return actor.isTerminated() ? collect(actor, offset, max) : null;
			}
			return (SupervisorData) result;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (ExecutionException | TimeoutException ex) {
			return null;
		}
	}

	private static SupervisorData collect(SupervisorActor actor, int offset, int max) {
		int total = actor.children.size();
		// Dynamic supervisors are paged; static ones are listed from their first child.
		int first = actor.dynamic ? Math.min(offset, total) : 0;
		List<ChildView> page = new ArrayList<>(Math.min(max, total - first));
		Iterator<ChildRecord> records = actor.children.values().iterator();
		for (int i = 0; i < first; i++) {
			records.next();
		}
		// A pending group restart starts every child of a one_for_all supervisor, and those from the
		// pending child on for rest_for_one (static supervisors are listed from the first child).
		boolean oneForAllPending = !actor.dynamic && actor.strategy == Strategy.ONE_FOR_ALL && anyPending(actor);
		boolean restForOnePending = false;
		while (records.hasNext() && page.size() < max) {
			ChildRecord record = records.next();
			restForOnePending |= !actor.dynamic && actor.strategy == Strategy.REST_FOR_ONE && record.pending != null
					&& record.pending.restartsGroup();
			page.add(ChildView.of(actor, record, oneForAllPending || restForOnePending));
		}
		int abandoned = actor.runtime.abandoned.countChildrenOf(actor.path);
		return new SupervisorData(actor.window.count(actor.runtime.clock.nanoTime()), total, actor.counts.clone(), first,
				page, abandoned, actor.restartsDelayed);
	}

	private static boolean anyPending(SupervisorActor actor) {
		for (ChildRecord record : actor.children.values()) {
			if (record.pending != null && record.pending.restartsGroup()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A snapshot of a child of a supervisor and its subtree, within the options' node budget.
	 * @param path the child's path
	 * @param child the child's record, as its supervisor copied it
	 * @param options paging, depth and node budget
	 * @return the node
	 */
	static NodeSnapshot node(String path, ChildView child, SnapshotOptions options) {
		return node(path, child, options, options.depth(), new Budget(options));
	}

	private static NodeSnapshot node(String path, ChildView child, SnapshotOptions options, int depth, Budget budget) {
		return new NodeSnapshot(path, child.id(), child.spec().kind(), child.spec().restart(), child.spec().shutdown(),
				child.spec().significant(), child.state(), child.incarnation(), instant(child.sinceMillis()),
				child.restartCount(), exitInfo(child), instant(child.nextRestartMillis()), child.restartPending(),
				child.abandoned(), supervisorPart(child, options, depth, budget));
	}

	/**
	 * The supervisor part of a root node, within the options' node budget.
	 * @param root the root's record
	 * @param options paging, depth and node budget
	 * @return the supervisor part
	 */
	static @Nullable SupervisorView rootPart(ChildView root, SnapshotOptions options) {
		return supervisorPart(root, options, options.depth(), new Budget(options));
	}

	private static @Nullable SupervisorView supervisorPart(ChildView child, SnapshotOptions options, int depth,
			Budget budget) {
		if (!child.spec().kind().isSupervisor()) {
			return null;
		}
		SupervisorActor actor = child.actor();
		return (actor != null) ? view(actor, options, depth, budget) : emptyView(child);
	}

	static @Nullable ExitInfo exitInfo(ChildView child) {
		return (child.lastExit() != null) ? ExitInfo.of(child.lastExit(), Instant.ofEpochMilli(child.lastExitMillis()))
				: null;
	}

	/** The supervisor part of a node, listing its children while depth and budget remain. */
	private static SupervisorView view(SupervisorActor actor, SnapshotOptions options, int depth, Budget budget) {
		int page = actor.dynamic ? options.limit() : Integer.MAX_VALUE;
		int max = (depth > 0) ? Math.min(page, Math.max(0, budget.nodes)) : 0;
		SupervisorData data = data(actor, options.offset(), max, budget.waitMillis());
		if (data == null) {
			// Busy past the deadline: unknown, never shown as empty.
			return supervisorView(actor.spec, 0, 0, new int[ChildState.values().length], 0, List.of(), false, false, 0, 0);
		}
		budget.nodes -= data.children().size();
		List<NodeSnapshot> children = new ArrayList<>(data.children().size());
		for (ChildView child : data.children()) {
			children.add(node(actor.childPath(child.id()), child, options, depth - 1, budget));
		}
		int expected = Math.min(page, data.totalChildren() - data.offset());
		return supervisorView(actor.spec, data.restartsInWindow(), data.totalChildren(), data.counts(), data.offset(),
				children, true, children.size() < expected, data.abandoned(), data.restartsDelayed());
	}

	private static SupervisorView emptyView(ChildView child) {
		return supervisorView(child.spec().supervisor(), 0, 0, new int[ChildState.values().length], 0, List.of(), true,
				false, 0, 0);
	}

	private static SupervisorView supervisorView(dev.supervisor.SupervisorSpec spec, int restarts, int total,
			int[] counts, int offset, List<NodeSnapshot> children, boolean complete, boolean truncated, int abandoned,
			int restartsDelayed) {
		Map<ChildState, Integer> byState = new EnumMap<>(ChildState.class);
		for (ChildState state : ChildState.values()) {
			if (counts[state.ordinal()] > 0) {
				byState.put(state, counts[state.ordinal()]);
			}
		}
		Duration worstCase = ShutdownBudget.worstCase(spec).orElse(null);
		return new SupervisorView((spec instanceof StaticSupervisorSpec s) ? s.strategy() : null, spec.intensity(),
				spec.period(), restarts, total, byState, offset, children,
				(spec instanceof DynamicSupervisorSpec d) ? d.maxChildren() : null, worstCase, complete, truncated,
				abandoned, restartsDelayed);
	}

	private static @Nullable Instant instant(long millis) {
		return (millis != 0) ? Instant.ofEpochMilli(millis) : null;
	}

}
