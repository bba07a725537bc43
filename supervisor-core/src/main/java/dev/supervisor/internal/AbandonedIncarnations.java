package dev.supervisor.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.supervisor.NodeSnapshot;

import org.jspecify.annotations.Nullable;

/**
 * The incarnations of one tree that their supervisors abandoned ({@code killed}) and that still
 * run: Java cannot kill a thread. A new incarnation whose target is the target of one of them
 * waits here until it has ended, so two threads never run in one instance. Shared by all
 * supervisors of the tree and kept across the tree's runs; small (abandonment is rare), so a list
 * under a lock, and one volatile read for the common case of none.
 */
final class AbandonedIncarnations {

	private final List<Entry> entries = new ArrayList<>();

	private final List<Waiter> waiters = new ArrayList<>();

	private volatile int size;

	/** Whether no abandoned incarnation runs: the only question asked on the happy path. */
	boolean isEmpty() {
		return this.size == 0;
	}

	/**
	 * Records an incarnation that was abandoned while it may still run.
	 * @param incarnation the incarnation
	 * @param target what it runs on (for a nested supervisor its child record), or {@code null} if it
	 * has none (its factory never made an instance)
	 * @param path its path
	 * @param atMillis when it was abandoned
	 */
	synchronized void add(Incarnation incarnation, @Nullable Object target, String path, long atMillis) {
		if (target == null) {
			return;
		}
		this.entries.add(new Entry(incarnation, target, path, atMillis));
		this.size = this.entries.size();
	}

	/**
	 * Makes the supervisor's pending start wait for the abandoned incarnation running on the target,
	 * if there is one.
	 * @return the incarnation waited for, or {@code null} if none runs on the target
	 */
	synchronized @Nullable Incarnation waitFor(Object target, SupervisorActor supervisor, Pending pending) {
		Entry holder = holder(target);
		if (holder == null) {
			return null;
		}
		this.waiters.add(new Waiter(target, supervisor, pending));
		return holder.incarnation;
	}

	/**
	 * An abandoned incarnation has ended (and was released): the starts that waited for its target
	 * are posted to their supervisors, unless another abandoned incarnation still runs on it.
	 */
	void ended(Incarnation incarnation) {
		List<Waiter> ready = null;
		synchronized (this) {
			if (!this.entries.removeIf((entry) -> entry.incarnation == incarnation)) {
				return;
			}
			this.size = this.entries.size();
			for (int i = this.waiters.size() - 1; i >= 0; i--) {
				Waiter waiter = this.waiters.get(i);
				if (holder(waiter.target) == null) {
					this.waiters.remove(i);
					ready = (ready != null) ? ready : new ArrayList<>();
					ready.add(0, waiter);
				}
			}
		}
		if (ready != null) {
			// The pending start is served in order with the supervisor's other work; a supervisor
			// that has stopped meanwhile drops it.
			ready.forEach((waiter) -> waiter.supervisor.mailbox.post(waiter.pending));
		}
	}

	/** The abandoned incarnations of one node that still run, oldest first. */
	List<NodeSnapshot.Abandoned> of(String path) {
		if (isEmpty()) {
			return List.of();
		}
		List<NodeSnapshot.Abandoned> found = new ArrayList<>();
		synchronized (this) {
			for (Entry entry : this.entries) {
				if (entry.path.equals(path)) {
					Thread thread = entry.incarnation.runnerThread();
					found.add(new NodeSnapshot.Abandoned(entry.incarnation.number,
							(thread != null) ? thread.getName() : null, Instant.ofEpochMilli(entry.atMillis)));
				}
			}
		}
		return found;
	}

	/** How many abandoned incarnations of the supervisor's direct children still run. */
	int countChildrenOf(String supervisorPath) {
		if (isEmpty()) {
			return 0;
		}
		int count = 0;
		synchronized (this) {
			for (Entry entry : this.entries) {
				int slash = entry.path.lastIndexOf('/');
				if (slash == supervisorPath.length() && entry.path.startsWith(supervisorPath)) {
					count++;
				}
			}
		}
		return count;
	}

	private @Nullable Entry holder(Object target) {
		for (Entry entry : this.entries) {
			if (entry.target == target) {
				return entry;
			}
		}
		return null;
	}

	private record Entry(Incarnation incarnation, Object target, String path, long atMillis) {
	}

	private record Waiter(Object target, SupervisorActor supervisor, Pending pending) {
	}

}
