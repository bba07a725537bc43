package dev.supervisor.spring.actuate.history;

import java.util.List;

import dev.supervisor.spring.history.HistoryEntry;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * A page of a node's event history as the endpoint answers it, newest first.
 *
 * @param path the node, absent for the recent events of all trees
 * @param size how many events the history keeps at most
 * @param total how many events it holds now
 * @param offset the index of the first event listed (0: the newest)
 * @param events the events, newest first
 */
public record HistoryDescriptor(@Nullable String path, int size, int total, int offset, List<HistoryEntry> events)
		implements OperationResponseBody {
}
