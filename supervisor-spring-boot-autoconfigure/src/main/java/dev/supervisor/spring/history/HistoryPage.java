package dev.supervisor.spring.history;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A page of a history, newest first.
 *
 * @param path the node whose history it is, or {@code null} for the recent events of all trees
 * @param size how many events the history keeps at most
 * @param total how many events it holds now
 * @param offset the index of the first event of the page (0: the newest)
 * @param events the events, newest first
 */
public record HistoryPage(@Nullable String path, int size, int total, int offset, List<HistoryEntry> events) {

	/**
	 * Creates the record, checking its components.
	 * @param path the node whose history it is, or {@code null} for the recent events of all trees
	 * @param size how many events the history keeps at most
	 * @param total how many events it holds now
	 * @param offset the index of the first event of the page (0: the newest)
	 * @param events the events, newest first
	 */
	public HistoryPage {
		events = List.copyOf(events);
	}

}
