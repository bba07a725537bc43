package dev.supervisor.spring.cluster;

import java.util.Locale;

import dev.supervisor.spring.SupervisionRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * Micrometer meters of the cluster singletons: which replica leads each tree, how often
 * leadership changes, and how long a takeover and a handoff take on this replica.
 * <ul>
 * <li>{@code supervision.cluster.leader{tree}}: 1 on the replica that runs the tree, 0 on
 * the others (summed over the replicas it is 1, or 0 during a failover)</li>
 * <li>{@code supervision.cluster.leadership.changes{tree,change,cause}}: grants and
 * revocations ({@code cause} is {@code released}, {@code lost} or {@code lease-expiring})</li>
 * <li>{@code supervision.cluster.takeover.duration{tree}}: from the grant of the lock to the
 * tree running here</li>
 * <li>{@code supervision.cluster.handoff.duration{tree}}: how long the tree took to stop here
 * before the lock was released</li>
 * <li>{@code supervision.cluster.children{tree}}: children of a distributed tree running on
 * this replica</li>
 * <li>{@code supervision.cluster.children.moved{tree,change}}: children of a distributed tree
 * {@code started} here, {@code handed-over} to other replicas, {@code ended} by themselves or
 * {@code lost}</li>
 * </ul>
 */
public final class ClusterMeters implements MeterBinder, SmartApplicationListener {

	private final SupervisionRegistry registry;

	private final ClusterSingletons singletons;

	private final @Nullable DistributedTrees distributed;

	private volatile @Nullable MeterRegistry meters;

	/**
	 * Creates the meters of the singleton trees.
	 * @param registry the application's trees
	 * @param singletons the singleton trees
	 * @param distributed the distributed trees, or {@code null} without spring-jdbc
	 */
	public ClusterMeters(SupervisionRegistry registry, ClusterSingletons singletons,
			@Nullable DistributedTrees distributed) {
		this.registry = registry;
		this.singletons = singletons;
		this.distributed = distributed;
	}

	@Override
	public void bindTo(MeterRegistry meters) {
		this.meters = meters;
		for (String tree : this.singletons.trees()) {
			Gauge.builder("supervision.cluster.leader", this, (self) -> self.leads(tree) ? 1 : 0)
				.tag("tree", tree)
				.description("Whether this replica runs the singleton tree")
				.register(meters);
		}
		if (this.distributed != null) {
			for (String tree : this.distributed.trees()) {
				DistributedSupervisor supervisor = this.distributed.supervisor(tree);
				Gauge.builder("supervision.cluster.children", supervisor, DistributedSupervisor::runningHere)
					.tag("tree", tree)
					.description("Children of the distributed tree running on this replica")
					.register(meters);
			}
		}
	}

	private boolean leads(String tree) {
		return this.registry.coordinator(tree)
			.map((coordinator) -> ClusterPlacement.LEADER.equals(coordinator.placement().role()))
			.orElse(false);
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return LeadershipEvent.class.isAssignableFrom(eventType) || ChildrenMovedEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		MeterRegistry meters = this.meters;
		if (meters == null) {
			return;
		}
		if (event instanceof ChildrenMovedEvent moved) {
			moved(meters, moved.getTree(), "started", moved.getStarted());
			moved(meters, moved.getTree(), "handed-over", moved.getHandedOver());
			moved(meters, moved.getTree(), "ended", moved.getEnded());
			moved(meters, moved.getTree(), "lost", moved.getLost());
		}
		else if (event instanceof LeadershipGrantedEvent granted) {
			Counter.builder("supervision.cluster.leadership.changes")
				.tags("tree", granted.getTree(), "change", "granted", "cause", "elected")
				.description("Leadership changes of singleton trees on this replica")
				.register(meters)
				.increment();
			Timer.builder("supervision.cluster.takeover.duration")
				.tag("tree", granted.getTree())
				.description("From the grant of a singleton's lock to the tree running on this replica")
				.register(meters)
				.record(granted.getStartDuration());
		}
		else if (event instanceof LeadershipRevokedEvent revoked) {
			Counter.builder("supervision.cluster.leadership.changes")
				.tags("tree", revoked.getTree(), "change", "revoked", "cause",
						revoked.getCause().name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.description("Leadership changes of singleton trees on this replica")
				.register(meters)
				.increment();
			Timer.builder("supervision.cluster.handoff.duration")
				.tag("tree", revoked.getTree())
				.description("How long a singleton tree took to stop on this replica before its lock was released")
				.register(meters)
				.record(revoked.getStopDuration());
		}
	}

	private static void moved(MeterRegistry meters, String tree, String change, int count) {
		if (count > 0) {
			Counter.builder("supervision.cluster.children.moved")
				.tags("tree", tree, "change", change)
				.description("Children of a distributed tree started, handed over, ended or lost on this replica")
				.register(meters)
				.increment(count);
		}
	}

}
