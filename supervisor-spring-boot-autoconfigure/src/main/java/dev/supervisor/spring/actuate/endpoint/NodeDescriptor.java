package dev.supervisor.spring.actuate.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.supervisor.Durations;
import dev.supervisor.ExitInfo;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.NodeSnapshot.SupervisorView;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * One node of a tree as the endpoint shows it; supervisors carry their window and children.
 * Names are spelt as in the YAML (kebab-case) and durations in its notation ({@code 5s},
 * {@code 1500ms}, {@code infinity}).
 *
 * @param id the last segment of the path
 * @param path the node's path, e.g. {@code ingest/consumers/c-3}
 * @param type {@code worker}, {@code service}, {@code supervisor} or {@code dynamic}, as the
 * YAML's {@code type}
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
 * @param restartPending whether something will start it again without an operator (present only
 * when true)
 * @param abandoned its abandoned incarnations whose thread still runs (present only when there
 * are some): no new incarnation runs on the same instance until they end
 * @param truncated {@code true} when children below this node were left out because the
 * response's depth or node budget ended (absent otherwise)
 * @param supervisor for supervisors: strategy, intensity, window and child counts
 * @param children for supervisors: the children (a page of them for dynamic supervisors)
 */
public record NodeDescriptor(String id, String path, String type, @Nullable String restart, String shutdown,
		boolean significant, String state, long incarnation, @Nullable Instant since, int restartCount,
		@Nullable ExitDescriptor lastExit, @Nullable Instant nextRestartAt, @Nullable Boolean restartPending,
		@Nullable List<AbandonedDescriptor> abandoned, @Nullable Boolean truncated,
		@Nullable SupervisorDescriptor supervisor, @Nullable List<NodeDescriptor> children)
		implements OperationResponseBody {

	static NodeDescriptor of(NodeSnapshot node, SupervisionSanitizer sanitizer, boolean shown) {
		SupervisorView view = node.supervisor();
		List<NodeDescriptor> children = null;
		boolean truncated = false;
		if (view != null) {
			children = new ArrayList<>(view.children().size());
			truncated = view.truncated();
			for (NodeSnapshot child : view.children()) {
				NodeDescriptor descriptor = of(child, sanitizer, shown);
				truncated |= Boolean.TRUE.equals(descriptor.truncated());
				children.add(descriptor);
			}
		}
		return new NodeDescriptor(node.id(), node.path(), node.kind().toString(),
				(node.restart() != null) ? name(node.restart()) : null, node.shutdown().toString(), node.significant(),
				node.state().toString(), node.incarnation(), node.since(), node.restartCount(),
				(node.lastExit() != null) ? ExitDescriptor.of(node.lastExit(), sanitizer, shown) : null,
				node.nextRestartAt(), node.restartPending() ? Boolean.TRUE : null,
				node.abandoned().isEmpty() ? null : node.abandoned().stream().map(AbandonedDescriptor::of).toList(),
				truncated ? Boolean.TRUE : null, (view != null) ? SupervisorDescriptor.of(view) : null, children);
	}

	/**
	 * An abandoned incarnation that still runs (Java cannot kill a thread).
	 *
	 * @param incarnation its number
	 * @param thread the name of its thread
	 * @param since when it was abandoned
	 */
	public record AbandonedDescriptor(long incarnation, @Nullable String thread, Instant since) {

		static AbandonedDescriptor of(NodeSnapshot.Abandoned abandoned) {
			return new AbandonedDescriptor(abandoned.incarnation(), abandoned.thread(), abandoned.since());
		}

	}

	/**
	 * How many nodes this descriptor holds, itself included.
	 * @return the number of nodes
	 */
	public int nodeCount() {
		int count = 1;
		if (this.children != null) {
			for (NodeDescriptor child : this.children) {
				count += child.nodeCount();
			}
		}
		return count;
	}

	/**
	 * An enum value as every output of the library spells it.
	 * @param value the value, e.g. {@code Strategy.ONE_FOR_ONE}
	 * @return the kebab-case name, e.g. {@code one-for-one}
	 */
	static String name(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * A duration as every output of the library writes it.
	 * @param duration the duration, {@code null} for infinity
	 * @return e.g. {@code 5s}, or {@code infinity}
	 */
	static String duration(@Nullable Duration duration) {
		return (duration != null) ? Durations.format(duration) : "infinity";
	}

	/**
	 * The last exit of a node.
	 *
	 * @param reason {@code normal}, {@code shutdown}, {@code crashed} or {@code killed}
	 * @param detail what the engine says about a shutdown (e.g. why a supervisor stopped)
	 * @param exception the class of the throwable of a crash
	 * @param message the throwable's message, cut to a sane length, when the reader may see it
	 * ({@code show-details}); {@value SupervisionSanitizer#MASK} otherwise
	 * @param at when it exited
	 */
	public record ExitDescriptor(String reason, @Nullable String detail, @Nullable String exception,
			@Nullable String message, Instant at) {

		static ExitDescriptor of(ExitInfo exit, SupervisionSanitizer sanitizer, boolean shown) {
			return new ExitDescriptor(name(exit.reason()), exit.detail(), exit.exceptionClass(),
					sanitizer.userText(exit.message(), shown), exit.at());
		}

	}

	/**
	 * What a supervisor node adds.
	 *
	 * @param strategy {@code one-for-one}, {@code one-for-all} or {@code rest-for-one};
	 * absent for dynamic supervisors
	 * @param intensity maximum restarts within the period
	 * @param period the restart window, e.g. {@code 5s}
	 * @param restartsInWindow restarts counted in the current window; absent when not
	 * {@code complete}
	 * @param totalChildren how many children it has; absent when not {@code complete}
	 * @param childrenByState how many children are in each state; absent when not
	 * {@code complete}
	 * @param offset the index of the first child listed
	 * @param maxChildren the limit of a dynamic supervisor
	 * @param worstCaseShutdown the longest its shutdown can take, e.g. {@code 29s}, or
	 * {@code infinity}
	 * @param complete {@code false} when the supervisor was too busy to answer in time: its
	 * counts and children are unknown, not zero
	 * @param truncated {@code true} when children its page would list were left out because the
	 * response's depth or node budget ended here
	 * @param abandonedAlive how many abandoned incarnations of its children still run; absent when
	 * not {@code complete}
	 * @param restartsDelayed how many restarts it delayed since it started because its intensity
	 * was reached ({@code delay-on-max-intensity}; not in {@code restartsInWindow}); absent when not
	 * {@code complete}
	 */
	public record SupervisorDescriptor(@Nullable String strategy, int intensity, String period,
			@Nullable Integer restartsInWindow, @Nullable Integer totalChildren,
			@Nullable Map<String, Integer> childrenByState, int offset, @Nullable Integer maxChildren,
			String worstCaseShutdown, boolean complete, boolean truncated, @Nullable Integer abandonedAlive,
			@Nullable Integer restartsDelayed) {

		static SupervisorDescriptor of(SupervisorView view) {
			Map<String, Integer> byState = null;
			if (view.complete()) {
				byState = new LinkedHashMap<>();
				// In the order of ChildState, as the gauges list them.
				for (dev.supervisor.ChildState state : dev.supervisor.ChildState.values()) {
					Integer count = view.childrenByState().get(state);
					if (count != null) {
						byState.put(state.toString(), count);
					}
				}
			}
			return new SupervisorDescriptor((view.strategy() != null) ? name(view.strategy()) : null,
					view.intensity(), duration(view.period()), view.complete() ? view.restartsInWindow() : null,
					view.complete() ? view.totalChildren() : null, byState, view.offset(), view.maxChildren(),
					duration(view.worstCaseShutdown()), view.complete(), view.truncated(),
					view.complete() ? view.abandoned() : null, view.complete() ? view.restartsDelayed() : null);
		}

	}

}
