package dev.supervisor.spring.actuate.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import dev.supervisor.ChildKind;
import dev.supervisor.ChildSpec;
import dev.supervisor.ChildState;
import dev.supervisor.DynamicSupervisorSpec;
import dev.supervisor.ExitReason;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.NodeSnapshot.SupervisorView;
import dev.supervisor.SnapshotOptions;
import dev.supervisor.StaticSupervisorSpec;
import dev.supervisor.SupervisionEvent;
import dev.supervisor.SupervisionTree;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.event.SupervisionApplicationEvent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;

/**
 * {@link MeterBinder} for the supervision trees: child starts, exits by reason, restarts,
 * give-ups, restart latency and shutdown duration from the trees' events, and children by
 * state from their snapshots.
 * <p>
 * Tags stay bounded and never empty. Child meters ({@code supervision.child.*},
 * {@code supervision.restart.latency}) all carry {@code tree}, {@code supervisor},
 * {@code child} and {@code type} (plus {@code reason} on exits); supervisor meters
 * ({@code supervision.intensity.exceeded}, {@code supervision.shutdown.duration},
 * {@code supervision.children}) carry {@code tree} and {@code supervisor} (plus
 * {@code state}). {@code child} is the id of a child declared in the spec; every child started
 * at run time (the children of a dynamic supervisor, and {@code startChild} under a static
 * one) is folded into one series per supervisor, {@code child="(dynamic)"}, and below it
 * every path folds into that supervisor's. The series of declared children exist from
 * start-up (a dashboard shows 0, not "no data"); a deleted child's series are removed.
 */
public class SupervisionMetrics implements MeterBinder, ApplicationListener<SupervisionApplicationEvent> {

	/** The {@code child} tag of children started at run time. */
	public static final String RUN_TIME_CHILD = "(dynamic)";

	private static final SnapshotOptions COUNTS_ONLY = new SnapshotOptions(0, 0, Integer.MAX_VALUE);

	/** Gauges read one snapshot per tree at most this often, however many gauges there are. */
	private static final long SNAPSHOT_TTL_NANOS = Duration.ofSeconds(1).toNanos();

	private static final String STARTS = "supervision.child.starts";

	private static final String EXITS = "supervision.child.exits";

	/** The {@code reason} of an exit whose stop threw (OTP {@code shutdown_error}). */
	private static final String SHUTDOWN_ERROR = "shutdown-error";

	private static final String RESTARTS = "supervision.child.restarts";

	private static final String RESTART_LATENCY = "supervision.restart.latency";

	private static final String INTENSITY_EXCEEDED = "supervision.intensity.exceeded";

	private static final String SHUTDOWN_DURATION = "supervision.shutdown.duration";

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
			declare(meters, tree.name(), tree.name(), tree.spec());
		}
	}

	private void bindGauges(MeterRegistry meters, SupervisionTree tree, String path, SupervisorSpec spec) {
		for (ChildState state : ChildState.values()) {
			Gauge.builder("supervision.children", () -> childrenIn(tree, path, state))
				.description("Children of a supervisor by state")
				.tags(Tags.of("tree", tree.name(), "supervisor", path, "state", state.toString()))
				.register(meters);
		}
		Gauge.builder("supervision.abandoned", () -> abandonedIn(tree, path))
			.description("Abandoned (killed) incarnations of a supervisor's children whose thread still runs")
			.tags(Tags.of("tree", tree.name(), "supervisor", path))
			.register(meters);
		if (spec instanceof StaticSupervisorSpec staticSpec) {
			for (ChildSpec child : staticSpec.children()) {
				if (child.supervisor() != null) {
					bindGauges(meters, tree, path + "/" + child.id(), child.supervisor());
				}
			}
		}
	}

	/** Registers the series of a supervisor and of its declared children, at zero. */
	private void declare(MeterRegistry meters, String tree, String path, SupervisorSpec spec) {
		Tags supervisor = Tags.of("tree", tree, "supervisor", path);
		intensityExceeded(meters, supervisor);
		shutdownDuration(meters, supervisor);
		if (spec instanceof StaticSupervisorSpec staticSpec) {
			for (ChildSpec child : staticSpec.children()) {
				declareChild(meters, Tags.of("tree", tree, "supervisor", path, "child", child.id(), "type",
						child.kind().toString()));
				if (child.supervisor() != null) {
					declare(meters, tree, path + "/" + child.id(), child.supervisor());
				}
			}
		}
		else if (spec instanceof DynamicSupervisorSpec dynamicSpec) {
			for (ChildKind kind : kindsBelow(dynamicSpec.template(), EnumSet.noneOf(ChildKind.class))) {
				declareChild(meters,
						Tags.of("tree", tree, "supervisor", path, "child", RUN_TIME_CHILD, "type", kind.toString()));
			}
		}
	}

	private static Set<ChildKind> kindsBelow(ChildSpec template, Set<ChildKind> kinds) {
		kinds.add(template.kind());
		if (template.supervisor() instanceof StaticSupervisorSpec staticSpec) {
			staticSpec.children().forEach((child) -> kindsBelow(child, kinds));
		}
		else if (template.supervisor() instanceof DynamicSupervisorSpec dynamicSpec) {
			kindsBelow(dynamicSpec.template(), kinds);
		}
		return kinds;
	}

	private static void declareChild(MeterRegistry meters, Tags child) {
		starts(meters, child);
		exits(meters, child.and("reason", SHUTDOWN_ERROR));
		for (ExitReason.Kind reason : ExitReason.Kind.values()) {
			exits(meters, child.and("reason", reason.name().toLowerCase(Locale.ROOT)));
		}
		restarts(meters, child);
		restartLatency(meters, child);
	}

	@Override
	public void onApplicationEvent(SupervisionApplicationEvent applicationEvent) {
		MeterRegistry meters = this.meters;
		if (meters == null) {
			return;
		}
		SupervisionEvent event = applicationEvent.getEvent();
		String tree = applicationEvent.getTree();
		if (event.path().equals(tree) && event.type() == SupervisionEvent.Type.STARTED) {
			// A root is no supervisor's child: its start is not a child start.
			return;
		}
		switch (event.type()) {
			case STARTED -> starts(meters, childTags(tree, event.path(), event.kind())).increment();
			case EXITED, STOPPED -> exits(meters, childTags(tree, event.path(), event.kind()).and("reason",
					reason(event.reason())))
				.increment();
			case RESTARTED -> {
				Tags tags = childTags(tree, event.path(), event.kind());
				restarts(meters, tags).increment();
				if (event.duration() != null) {
					restartLatency(meters, tags).record(event.duration());
				}
			}
			case GAVE_UP -> intensityExceeded(meters, Tags.of("tree", tree, "supervisor", supervisorPath(tree,
					event.path())))
				.increment();
			case SUPERVISOR_STOPPED -> {
				if (event.duration() != null) {
					shutdownDuration(meters, Tags.of("tree", tree, "supervisor", supervisorPath(tree, event.path())))
						.record(event.duration());
				}
			}
			case DELETED -> removeDeleted(meters, tree, event.path());
			default -> {
			}
		}
	}

	private static Counter starts(MeterRegistry meters, Tags tags) {
		return Counter.builder(STARTS).description("Incarnations started").tags(tags).register(meters);
	}

	private static Counter exits(MeterRegistry meters, Tags tags) {
		return Counter.builder(EXITS).description("Incarnations ended, by reason").tags(tags).register(meters);
	}

	private static Counter restarts(MeterRegistry meters, Tags tags) {
		return Counter.builder(RESTARTS).description("Restarts made by supervisors").tags(tags).register(meters);
	}

	private static Timer restartLatency(MeterRegistry meters, Tags tags) {
		return Timer.builder(RESTART_LATENCY)
			.description("Time from a child's exit to its new incarnation running")
			.tags(tags)
			.register(meters);
	}

	private static Counter intensityExceeded(MeterRegistry meters, Tags tags) {
		return Counter.builder(INTENSITY_EXCEEDED)
			.description("Supervisors that reached their maximum restart intensity and gave up")
			.tags(tags)
			.register(meters);
	}

	private static Timer shutdownDuration(MeterRegistry meters, Tags tags) {
		return Timer.builder(SHUTDOWN_DURATION)
			.description("Time a supervisor took to stop its children")
			.tags(tags)
			.register(meters);
	}

	/**
	 * A deleted declared child's series go, with those of everything below it (a deleted
	 * supervisor's children and gauges).
	 */
	private void removeDeleted(MeterRegistry meters, String tree, String path) {
		Series series = series(tree, path);
		if (series.child().equals(RUN_TIME_CHILD)) {
			// Folded with its siblings started at run time: the shared series stay.
			return;
		}
		List<Meter> gone = new ArrayList<>();
		for (Meter meter : meters.getMeters()) {
			Meter.Id id = meter.getId();
			String supervisor = id.getTag("supervisor");
			if (!id.getName().startsWith("supervision.") || !tree.equals(id.getTag("tree")) || supervisor == null) {
				continue;
			}
			boolean own = supervisor.equals(series.supervisor()) && series.child().equals(id.getTag("child"));
			boolean below = supervisor.equals(path) || supervisor.startsWith(path + "/");
			if (own || below) {
				gone.add(meter);
			}
		}
		gone.forEach(meters::remove);
	}

	/**
	 * The tags of a child's meters.
	 * @param tree the tree
	 * @param path the child's path
	 * @param kind what the child is
	 * @return {@code tree}, {@code supervisor}, {@code child} and {@code type}
	 */
	Tags childTags(String tree, String path, ChildKind kind) {
		Series series = series(tree, path);
		return Tags.of("tree", tree, "supervisor", series.supervisor(), "child", series.child(), "type",
				kind.toString());
	}

	/**
	 * The {@code supervisor} tag of a supervisor's own meters: its path when it is declared in
	 * the spec, otherwise the path it is folded into.
	 */
	String supervisorPath(String tree, String path) {
		if (path.equals(tree)) {
			return tree;
		}
		Series series = series(tree, path);
		return series.child().equals(RUN_TIME_CHILD) ? series.supervisor() : path;
	}

	/**
	 * Where a node's series are: walks the spec along the path; the first segment that is not
	 * a declared child of a static supervisor (a dynamic supervisor's child, or one started at
	 * run time) folds the node into its supervisor's run-time series.
	 */
	Series series(String tree, String path) {
		SupervisorSpec spec = this.registry.tree(tree).map(SupervisionTree::spec).orElse(null);
		String[] segments = path.split("/");
		StringBuilder prefix = new StringBuilder(segments[0]);
		for (int i = 1; i < segments.length; i++) {
			ChildSpec child = (spec instanceof StaticSupervisorSpec staticSpec) ? find(staticSpec.children(), segments[i])
					: null;
			if (child == null) {
				return new Series(prefix.toString(), RUN_TIME_CHILD);
			}
			if (i == segments.length - 1) {
				return new Series(prefix.toString(), child.id());
			}
			prefix.append('/').append(segments[i]);
			spec = child.supervisor();
		}
		return new Series(prefix.toString(), RUN_TIME_CHILD);
	}

	private static @Nullable ChildSpec find(List<ChildSpec> children, String id) {
		for (ChildSpec child : children) {
			if (child.id().equals(id)) {
				return child;
			}
		}
		return null;
	}

	/** The {@code supervisor} and {@code child} tags of a node's series. */
	record Series(String supervisor, String child) {
	}

	private double childrenIn(SupervisionTree tree, String path, ChildState state) {
		SupervisorView view = cached(tree).get(path);
		return (view != null) ? view.childrenByState().getOrDefault(state, 0) : 0;
	}

	private double abandonedIn(SupervisionTree tree, String path) {
		SupervisorView view = cached(tree).get(path);
		return (view != null) ? view.abandoned() : 0;
	}

	/**
	 * Every supervisor of the tree by path, from one snapshot that lists all static levels and no
	 * dynamic child: the figures the endpoint shows.
	 */
	private Map<String, SupervisorView> cached(SupervisionTree tree) {
		return this.counts.compute(tree.name(), (name, previous) -> {
			long now = this.nanoTime.getAsLong();
			return (previous != null && now - previous.takenAt < SNAPSHOT_TTL_NANOS) ? previous
					: new CachedCounts(now, byPath(tree.snapshot(COUNTS_ONLY)));
		}).byPath;
	}

	private static Map<String, SupervisorView> byPath(NodeSnapshot root) {
		Map<String, SupervisorView> byPath = new HashMap<>();
		collect(root, byPath);
		return byPath;
	}

	private static void collect(NodeSnapshot node, Map<String, SupervisorView> byPath) {
		if (node.supervisor() != null) {
			byPath.put(node.path(), node.supervisor());
			node.supervisor().children().forEach((child) -> collect(child, byPath));
		}
	}

	private static String reason(@Nullable ExitReason reason) {
		if (reason == null) {
			return "unknown";
		}
		// OTP shutdown_error: it stopped, but its stop threw; counted apart so it can be alerted on.
		return reason.isShutdownError() ? SHUTDOWN_ERROR : reason.kind().name().toLowerCase(Locale.ROOT);
	}

	private record CachedCounts(long takenAt, Map<String, SupervisorView> byPath) {
	}

}
