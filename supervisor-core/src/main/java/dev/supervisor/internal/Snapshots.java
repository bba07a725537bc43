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

import org.jspecify.annotations.Nullable;

/**
 * Builds immutable snapshots. Each supervisor copies its own records on its own thread (between
 * messages, or while it waits for a child to stop), one page at a time; the caller assembles the
 * tree, so no supervisor is held up by the size of another.
 */
final class Snapshots {

	/** How long a snapshot waits for a busy supervisor before showing it without children. */
	static final long TIMEOUT_MILLIS = 2_000;

	private Snapshots() {
	}

	/**
	 * The data of a supervisor: asked through its mailbox, or read directly once it has terminated
	 * (its thread is gone and wrote its last state before saying so).
	 */
	static @Nullable SupervisorData data(SupervisorActor actor, int offset, int limit) {
		if (actor.isTerminated()) {
			return collect(actor, offset, limit);
		}
		try {
			Object result = actor.submit((a) -> collect(a, offset, limit), true)
				.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
			if (result == SupervisorActor.DOWN) {
				return actor.isTerminated() ? collect(actor, offset, limit) : null;
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

	private static SupervisorData collect(SupervisorActor actor, int offset, int limit) {
		List<ChildView> page = new ArrayList<>();
		int total = actor.children.size();
		// Static supervisors are small and listed whole; dynamic ones are paged.
		int first = actor.dynamic ? Math.min(offset, total) : 0;
		int max = (actor.dynamic || limit == 0) ? limit : Integer.MAX_VALUE;
		Iterator<ChildRecord> records = actor.children.values().iterator();
		for (int i = 0; i < first; i++) {
			records.next();
		}
		while (records.hasNext() && page.size() < max) {
			page.add(ChildView.of(records.next()));
		}
		return new SupervisorData(actor.window.count(actor.runtime.clock.nanoTime()), total, actor.counts.clone(), first,
				page);
	}

	/**
	 * A node for a child of a supervisor.
	 * @param depth how many levels of children below this node to include
	 */
	static NodeSnapshot node(String path, ChildView child, SnapshotOptions options, int depth) {
		return new NodeSnapshot(path, child.id(), child.spec().kind(), child.spec().restart(), child.spec().shutdown(),
				child.spec().significant(), child.state(), child.incarnation(), instant(child.sinceMillis()),
				child.restartCount(), exitInfo(child), instant(child.nextRestartMillis()), supervisorPart(child, options, depth));
	}

	static @Nullable SupervisorView supervisorPart(ChildView child, SnapshotOptions options, int depth) {
		if (!child.spec().kind().isSupervisor()) {
			return null;
		}
		SupervisorActor actor = child.actor();
		return (actor != null) ? view(actor, options, depth) : emptyView(child);
	}

	static @Nullable ExitInfo exitInfo(ChildView child) {
		return (child.lastExit() != null) ? ExitInfo.of(child.lastExit(), Instant.ofEpochMilli(child.lastExitMillis()))
				: null;
	}

	/** The supervisor part of a node, listing its children while depth remains. */
	static SupervisorView view(SupervisorActor actor, SnapshotOptions options, int depth) {
		SupervisorData data = data(actor, options.offset(), (depth > 0) ? options.limit() : 0);
		if (data == null) {
			return supervisorView(actor.spec, 0, 0, new int[ChildState.values().length], 0, List.of());
		}
		List<NodeSnapshot> children = new ArrayList<>(data.children().size());
		for (ChildView child : data.children()) {
			children.add(node(actor.childPath(child.id()), child, options, depth - 1));
		}
		return supervisorView(actor.spec, data.restartsInWindow(), data.totalChildren(), data.counts(), data.offset(),
				children);
	}

	private static SupervisorView emptyView(ChildView child) {
		return supervisorView(child.spec().supervisor(), 0, 0, new int[ChildState.values().length], 0, List.of());
	}

	private static SupervisorView supervisorView(dev.supervisor.SupervisorSpec spec, int restarts, int total,
			int[] counts, int offset, List<NodeSnapshot> children) {
		Map<ChildState, Integer> byState = new EnumMap<>(ChildState.class);
		for (ChildState state : ChildState.values()) {
			if (counts[state.ordinal()] > 0) {
				byState.put(state, counts[state.ordinal()]);
			}
		}
		Duration worstCase = ShutdownBudget.worstCase(spec).orElse(null);
		return new SupervisorView((spec instanceof StaticSupervisorSpec s) ? s.strategy() : null, spec.intensity(),
				spec.period(), restarts, total, byState, offset, children,
				(spec instanceof DynamicSupervisorSpec d) ? d.maxChildren() : null, worstCase);
	}

	private static @Nullable Instant instant(long millis) {
		return (millis != 0) ? Instant.ofEpochMilli(millis) : null;
	}

}
