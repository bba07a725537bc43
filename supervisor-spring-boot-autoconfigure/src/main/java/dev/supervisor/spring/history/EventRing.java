package dev.supervisor.spring.history;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The last events of one node, in a fixed array: adding to a full ring overwrites the oldest.
 * Not thread-safe: {@link SupervisionHistory} guards it.
 */
final class EventRing {

	private final HistoryEntry[] entries;

	private int next;

	private int count;

	EventRing(int capacity) {
		this.entries = new HistoryEntry[capacity];
	}

	void add(HistoryEntry entry) {
		this.entries[this.next] = entry;
		this.next = (this.next + 1) % this.entries.length;
		if (this.count < this.entries.length) {
			this.count++;
		}
	}

	int count() {
		return this.count;
	}

	int capacity() {
		return this.entries.length;
	}

	/** The entries that match, newest first. */
	List<HistoryEntry> newestFirst(Predicate<HistoryEntry> filter) {
		List<HistoryEntry> result = new ArrayList<>(this.count);
		for (int i = 1; i <= this.count; i++) {
			HistoryEntry entry = this.entries[Math.floorMod(this.next - i, this.entries.length)];
			if (filter.test(entry)) {
				result.add(entry);
			}
		}
		return result;
	}

	/**
	 * The entries after a sequence number, oldest first.
	 * @return the entries, or {@code null} if the oldest one kept is not the one right after it
	 * (events were lost in between)
	 */
	@Nullable List<HistoryEntry> after(long seq) {
		List<HistoryEntry> newest = newestFirst((entry) -> entry.seq() > seq);
		// Every event goes through the recent ring with the next number: a gap means it overwrote some.
		if (this.count == this.entries.length && newest.size() == this.count
				&& newest.get(newest.size() - 1).seq() != seq + 1) {
			return null;
		}
		List<HistoryEntry> result = new ArrayList<>(newest.size());
		for (int i = newest.size() - 1; i >= 0; i--) {
			result.add(newest.get(i));
		}
		return result;
	}

}
