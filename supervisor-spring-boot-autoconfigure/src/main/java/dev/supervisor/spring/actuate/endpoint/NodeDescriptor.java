package dev.supervisor.spring.actuate.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.supervisor.ExitInfo;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.NodeSnapshot.SupervisorView;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * One node of a tree as the endpoint shows it; supervisors carry their window and children.
 *
 * @param id the last segment of the path
 * @param path the node's path, e.g. {@code ingest/consumers/c-3}
 * @param type {@code worker}, {@code service}, {@code supervisor} or {@code dynamic-supervisor}
 * @param restart the restart type, absent for root trees
 * @param shutdown how it is stopped: a duration, {@code infinity} or {@code brutal-kill}
 * @param significant whether its own exit may stop its supervisor
 * @param state {@code starting}, {@code running}, {@code restarting}, {@code stopping},
 * {@code stopped} or {@code failed}
 * @param incarnation its current or last incarnation
 * @param since when it entered its state
 * @param restartCount how many times its supervisor restarted it
 * @param lastExit its last exit
 * @param nextRestartAt when it is restarted next, while it is restarting
 * @param supervisor for supervisors: strategy, intensity, window and child counts
 * @param children for supervisors: the children (a page of them for dynamic supervisors)
 */
public record NodeDescriptor(String id, String path, String type, @Nullable String restart, String shutdown,
		boolean significant, String state, long incarnation, @Nullable Instant since, int restartCount,
		@Nullable ExitDescriptor lastExit, @Nullable Instant nextRestartAt, @Nullable SupervisorDescriptor supervisor,
		@Nullable List<NodeDescriptor> children) implements OperationResponseBody {

	static NodeDescriptor of(NodeSnapshot node) {
		SupervisorView view = node.supervisor();
		return new NodeDescriptor(node.id(), node.path(), name(node.kind()),
				(node.restart() != null) ? name(node.restart()) : null, node.shutdown().toString(), node.significant(),
				name(node.state()), node.incarnation(), node.since(), node.restartCount(),
				(node.lastExit() != null) ? ExitDescriptor.of(node.lastExit()) : null, node.nextRestartAt(),
				(view != null) ? SupervisorDescriptor.of(view) : null,
				(view != null) ? view.children().stream().map(NodeDescriptor::of).toList() : null);
	}

	static String name(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * The last exit of a node.
	 *
	 * @param reason {@code normal}, {@code shutdown}, {@code crashed} or {@code killed}
	 * @param detail the detail of a shutdown (e.g. why a supervisor stopped)
	 * @param exception the class of the throwable of a crash
	 * @param message the throwable's message, cut to a sane length
	 * @param at when it exited
	 */
	public record ExitDescriptor(String reason, @Nullable String detail, @Nullable String exception,
			@Nullable String message, Instant at) {

		static ExitDescriptor of(ExitInfo exit) {
			return new ExitDescriptor(name(exit.reason()), exit.detail(), exit.exceptionClass(), exit.message(),
					exit.at());
		}

	}

	/**
	 * What a supervisor node adds.
	 *
	 * @param strategy {@code one-for-one}, {@code one-for-all} or {@code rest-for-one};
	 * absent for dynamic supervisors
	 * @param intensity maximum restarts within the period
	 * @param period the restart window
	 * @param restartsInWindow restarts counted in the current window
	 * @param totalChildren how many children it has
	 * @param childrenByState how many children are in each state
	 * @param offset the index of the first child listed
	 * @param maxChildren the limit of a dynamic supervisor
	 * @param worstCaseShutdown the longest its shutdown can take; absent for infinity
	 */
	public record SupervisorDescriptor(@Nullable String strategy, int intensity, Duration period,
			int restartsInWindow, int totalChildren, Map<String, Integer> childrenByState, int offset,
			@Nullable Integer maxChildren, @Nullable Duration worstCaseShutdown) {

		static SupervisorDescriptor of(SupervisorView view) {
			Map<String, Integer> byState = new LinkedHashMap<>();
			view.childrenByState().forEach((state, count) -> byState.put(name(state), count));
			return new SupervisorDescriptor((view.strategy() != null) ? name(view.strategy()) : null,
					view.intensity(), view.period(), view.restartsInWindow(), view.totalChildren(), byState,
					view.offset(), view.maxChildren(), view.worstCaseShutdown());
		}

	}

}
