package dev.supervisor.spring.actuate.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import dev.supervisor.ChildSpec;
import dev.supervisor.ChildState;
import dev.supervisor.DynamicSupervisorSpec;
import dev.supervisor.ExitReason;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.SnapshotOptions;
import dev.supervisor.StaticSupervisorSpec;
import dev.supervisor.SupervisionEvent;
import dev.supervisor.SupervisionTree;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.event.SupervisionApplicationEvent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;

/**
 * {@link MeterBinder} for the supervision trees: child starts, exits by reason, restarts,
 * give-ups, restart latency and shutdown duration from the trees' events, and children by
 * state from their snapshots. Tags stay bounded: {@code tree}, {@code supervisor} (a static
 * path), {@code child} (the id of a static child; empty for dynamic children, which are
 * aggregated per dynamic supervisor) and {@code reason}/{@code state}.
 */
public class SupervisionMetrics implements MeterBinder, ApplicationListener<SupervisionApplicationEvent> {

	private static final SnapshotOptions COUNTS_ONLY = new SnapshotOptions(0, 0, Integer.MAX_VALUE);

	/** Gauges read one snapshot per tree at most this often, however many gauges there are. */
	private static final long SNAPSHOT_TTL_NANOS = Duration.ofSeconds(1).toNanos();

	private final SupervisionRegistry registry;

	private final LongSupplier nanoTime;

	private final Map<String, CachedCounts> counts = new ConcurrentHashMap<>();

	private volatile @Nullable MeterRegistry meters;

	/**
	 * @param registry the trees
	 */
	public SupervisionMetrics(SupervisionRegistry registry) {
		this(registry, System::nanoTime);
	}

	SupervisionMetrics(SupervisionRegistry registry, LongSupplier nanoTime) {
		this.registry = registry;
		this.nanoTime = nanoTime;
	}

	@Override
	public void bindTo(MeterRegistry meters) {
		this.meters = meters;
		for (SupervisionTree tree : this.registry.trees()) {
			bindGauges(meters, tree, tree.name(), tree.spec());
		}
	}

	private void bindGauges(MeterRegistry meters, SupervisionTree tree, String path, SupervisorSpec spec) {
		for (ChildState state : ChildState.values()) {
			Gauge.builder("supervision.children", () -> childrenIn(tree, path, state))
				.description("Children of a supervisor by state")
				.tags(Tags.of("tree", tree.name(), "supervisor", path, "state", name(state)))
				.register(meters);
		}
		if (spec instanceof StaticSupervisorSpec staticSpec) {
			for (ChildSpec child : staticSpec.children()) {
				if (child.supervisor() != null) {
					bindGauges(meters, tree, path + "/" + child.id(), child.supervisor());
				}
			}
		}
	}

	@Override
	public void onApplicationEvent(SupervisionApplicationEvent applicationEvent) {
		MeterRegistry meters = this.meters;
		if (meters == null) {
			return;
		}
		SupervisionEvent event = applicationEvent.getEvent();
		String tree = applicationEvent.getTree();
		switch (event.type()) {
			case STARTED -> counter(meters, "supervision.child.starts", "Incarnations started",
					childTags(tree, event.path()).and("type", name(event.kind())))
				.increment();
			case EXITED, STOPPED -> counter(meters, "supervision.child.exits", "Incarnations ended, by reason",
					childTags(tree, event.path()).and("reason", reason(event.reason())))
				.increment();
			case RESTARTED -> {
				Tags tags = childTags(tree, event.path());
				counter(meters, "supervision.child.restarts", "Restarts made by supervisors", tags).increment();
				if (event.duration() != null) {
					Timer.builder("supervision.restart.latency")
						.description("Time from a child's exit to its new incarnation running")
						.tags(tags)
						.register(meters)
						.record(event.duration());
				}
			}
			case GAVE_UP -> counter(meters, "supervision.intensity.exceeded",
					"Supervisors that reached their maximum restart intensity and gave up",
					Tags.of("tree", tree, "supervisor", staticPath(tree, event.path())))
				.increment();
			case SUPERVISOR_STOPPED -> {
				if (event.duration() != null) {
					Timer.builder("supervision.shutdown.duration")
						.description("Time a supervisor took to stop its children")
						.tags(Tags.of("tree", tree, "supervisor", staticPath(tree, event.path())))
						.register(meters)
						.record(event.duration());
				}
			}
			default -> {
			}
		}
	}

	private static Counter counter(MeterRegistry meters, String name, String description, Tags tags) {
		return Counter.builder(name).description(description).tags(tags).register(meters);
	}

	/** The tags of a child: its static supervisor's path, and its id only if it is a static child. */
	Tags childTags(String tree, String path) {
		int slash = path.lastIndexOf('/');
		if (slash == -1) {
			return Tags.of("tree", tree, "supervisor", "", "child", path);
		}
		String parent = path.substring(0, slash);
		String staticParent = staticPath(tree, parent);
		boolean staticChild = staticParent.equals(parent) && !isDynamic(tree, parent);
		return Tags.of("tree", tree, "supervisor", staticParent, "child", staticChild ? path.substring(slash + 1) : "");
	}

	/**
	 * The longest prefix of the path made of static children: below a dynamic supervisor every
	 * path is folded into that supervisor's, so tags never carry dynamic ids.
	 */
	String staticPath(String tree, String path) {
		SupervisorSpec spec = this.registry.tree(tree).map(SupervisionTree::spec).orElse(null);
		String[] segments = path.split("/");
		StringBuilder prefix = new StringBuilder(segments[0]);
		for (int i = 1; i < segments.length && spec instanceof StaticSupervisorSpec staticSpec; i++) {
			ChildSpec child = find(staticSpec.children(), segments[i]);
			if (child == null) {
				// A child started at run time under a static supervisor: keep its static parent.
				return prefix.toString();
			}
			prefix.append('/').append(segments[i]);
			spec = child.supervisor();
		}
		return prefix.toString();
	}

	private boolean isDynamic(String tree, String supervisorPath) {
		SupervisorSpec spec = this.registry.tree(tree).map(SupervisionTree::spec).orElse(null);
		String[] segments = supervisorPath.split("/");
		for (int i = 1; i < segments.length && spec instanceof StaticSupervisorSpec staticSpec; i++) {
			ChildSpec child = find(staticSpec.children(), segments[i]);
			spec = (child != null) ? child.supervisor() : null;
		}
		return spec instanceof DynamicSupervisorSpec;
	}

	private static @Nullable ChildSpec find(List<ChildSpec> children, String id) {
		for (ChildSpec child : children) {
			if (child.id().equals(id)) {
				return child;
			}
		}
		return null;
	}

	private double childrenIn(SupervisionTree tree, String path, ChildState state) {
		CachedCounts cached = this.counts.compute(tree.name(), (name, previous) -> {
			long now = this.nanoTime.getAsLong();
			return (previous != null && now - previous.takenAt < SNAPSHOT_TTL_NANOS) ? previous
					: new CachedCounts(now, countsByPath(tree.snapshot(COUNTS_ONLY)));
		});
		Map<ChildState, Integer> byState = cached.byPath.get(path);
		return (byState != null) ? byState.getOrDefault(state, 0) : 0;
	}

	private static Map<String, Map<ChildState, Integer>> countsByPath(NodeSnapshot root) {
		Map<String, Map<ChildState, Integer>> byPath = new HashMap<>();
		collect(root, byPath);
		return byPath;
	}

	private static void collect(NodeSnapshot node, Map<String, Map<ChildState, Integer>> byPath) {
		if (node.supervisor() != null) {
			byPath.put(node.path(), node.supervisor().childrenByState());
			node.supervisor().children().forEach((child) -> collect(child, byPath));
		}
	}

	private static String reason(@Nullable ExitReason reason) {
		return (reason != null) ? name(reason.kind()) : "unknown";
	}

	private static String name(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private record CachedCounts(long takenAt, Map<String, Map<ChildState, Integer>> byPath) {
	}

}
