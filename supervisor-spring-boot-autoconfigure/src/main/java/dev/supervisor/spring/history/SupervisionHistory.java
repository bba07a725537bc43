package dev.supervisor.spring.history;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import dev.supervisor.ChildKind;
import dev.supervisor.ChildSpec;
import dev.supervisor.StaticSupervisorSpec;
import dev.supervisor.SupervisionEvent;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.assembly.TreeDefinition;
import dev.supervisor.spring.event.SupervisionApplicationEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;

/**
 * The event history of the trees: each node keeps its last {@code size} events (starts, exits
 * with their exception, restarts, give-ups, stops, operator actions). The children of a dynamic
 * supervisor share their supervisor's history, each event naming its child, so 100,000 children
 * cost no more than one node. Memory is bounded: {@code size} events per node, at most
 * {@value #MAX_NODES} nodes, and {@value #RECENT_SIZE} recent events of all trees.
 * <p>
 * Events are recorded on the supervisors' threads; recording never waits for a reader or a
 * subscriber. Live subscribers ({@link #subscribe}) get new events through a bounded buffer.
 */
public final class SupervisionHistory implements ApplicationListener<SupervisionApplicationEvent> {

	/** Default number of events kept per node. */
	public static final int DEFAULT_SIZE = 100;

	/** How many recent events of all trees are kept, to resume a live stream without a gap. */
	public static final int RECENT_SIZE = 1000;

	/** The most nodes whose history is kept. */
	public static final int MAX_NODES = 10_000;

	private static final Log logger = LogFactory.getLog(SupervisionHistory.class);

	private final int size;

	private final Clock clock;

	private final Object lock = new Object();

	private final Set<String> dynamicSupervisors = new HashSet<>();

	private final Map<String, EventRing> nodes = new HashMap<>();

	private final EventRing recent = new EventRing(RECENT_SIZE);

	private final List<HistorySubscription> subscriptions = new ArrayList<>();

	private long seq;

	private boolean warnedFull;

	/**
	 * Creates an empty history.
	 * @param size how many events are kept per node, {@code >= 1}
	 * @param dynamicSupervisors the paths of the dynamic supervisors declared up front (others
	 * are learned from their own events)
	 * @param clock the time of operator actions
	 */
	public SupervisionHistory(int size, Collection<String> dynamicSupervisors, Clock clock) {
		if (size < 1) {
			throw new IllegalArgumentException("size must be >= 1 (was " + size + ")");
		}
		this.size = size;
		this.clock = clock;
		this.dynamicSupervisors.addAll(dynamicSupervisors);
	}

	/**
	 * A history for the trees of a registry.
	 * @param registry the trees
	 * @param size how many events are kept per node
	 * @return the history
	 */
	public static SupervisionHistory of(SupervisionRegistry registry, int size) {
		Set<String> dynamic = new HashSet<>();
		registry.trees().forEach((tree) -> registry.definition(tree.name())
			.map(TreeDefinition::spec)
			.ifPresent((spec) -> collectDynamic(tree.name(), spec, dynamic)));
		return new SupervisionHistory(size, dynamic, Clock.systemUTC());
	}

	private static void collectDynamic(String path, SupervisorSpec spec, Set<String> into) {
		if (!(spec instanceof StaticSupervisorSpec staticSpec)) {
			into.add(path);
			return;
		}
		for (ChildSpec child : staticSpec.children()) {
			if (child.supervisor() != null) {
				collectDynamic(path + "/" + child.id(), child.supervisor(), into);
			}
		}
	}

	/**
	 * Return how many events are kept per node.
	 * @return the number of events kept per node
	 */
	public int size() {
		return this.size;
	}

	@Override
	public void onApplicationEvent(SupervisionApplicationEvent event) {
		record(event.getEvent());
	}

	/**
	 * Records an event of a tree.
	 * @param event the event
	 */
	public void record(SupervisionEvent event) {
		// Work that needs no lock first: the stack frames of a crash.
		Throwable error = (event.reason() != null) ? event.reason().error() : null;
		ErrorDetails details = (error != null) ? ErrorDetails.of(error) : null;
		String path = event.path();
		synchronized (this.lock) {
			int fold = foldIndex(path);
			String key = (fold != -1) ? path.substring(0, fold) : path;
			if (fold == -1 && event.kind() == ChildKind.DYNAMIC_SUPERVISOR && this.dynamicSupervisors.size() < MAX_NODES) {
				this.dynamicSupervisors.add(path);
			}
			add(key, HistoryEntry.of(++this.seq, event, (fold != -1) ? path.substring(fold + 1) : null, details));
		}
	}

	/**
	 * Records an operator's action on a node.
	 * @param path the node's path
	 * @param action {@code restart}, {@code terminate}, {@code start} or {@code delete}
	 * @param outcome how it went, e.g. {@code ok} or {@code running}
	 * @param message what the outcome says
	 * @param principal who asked, or {@code null} for an anonymous request
	 * @return the recorded entry
	 */
	public HistoryEntry recordAction(String path, String action, String outcome, @Nullable String message,
			@Nullable String principal) {
		synchronized (this.lock) {
			int fold = foldIndex(path);
			String key = (fold != -1) ? path.substring(0, fold) : path;
			HistoryEntry entry = new HistoryEntry(++this.seq, this.clock.instant(), HistoryEntry.ACTION, path,
					(fold != -1) ? path.substring(fold + 1) : null, 0, null, ErrorDetails.cut(message), null, null,
					action, (principal != null) ? principal : "anonymous", outcome);
			add(key, entry);
			return entry;
		}
	}

	private void add(String key, HistoryEntry entry) {
		EventRing ring = this.nodes.get(key);
		if (ring == null) {
			if (this.nodes.size() >= MAX_NODES) {
				if (!this.warnedFull) {
					this.warnedFull = true;
					logger.warn("Supervision history keeps at most " + MAX_NODES + " nodes: events of '" + key
							+ "' and other new nodes are only in the recent events and the live stream");
				}
			}
			else {
				ring = new EventRing(this.size);
				this.nodes.put(key, ring);
			}
		}
		if (ring != null) {
			ring.add(entry);
		}
		this.recent.add(entry);
		for (HistorySubscription subscription : this.subscriptions) {
			subscription.offer(entry);
		}
	}

	/** The index of the slash after the outermost dynamic supervisor above the path, or -1. */
	private int foldIndex(String path) {
		if (this.dynamicSupervisors.isEmpty()) {
			return -1;
		}
		for (int slash = path.indexOf('/'); slash != -1; slash = path.indexOf('/', slash + 1)) {
			if (this.dynamicSupervisors.contains(path.substring(0, slash))) {
				return slash;
			}
		}
		return -1;
	}

	/**
	 * A page of the history of a node, newest first. For a dynamic supervisor it holds its
	 * children's events too; for one of its children, that child's events from it.
	 * @param path the node's path
	 * @param offset how many of the newest events to skip
	 * @param limit how many events at most
	 * @return the page (empty for a node without events)
	 */
	public HistoryPage page(String path, int offset, int limit) {
		synchronized (this.lock) {
			int fold = foldIndex(path);
			String key = (fold != -1) ? path.substring(0, fold) : path;
			EventRing ring = this.nodes.get(key);
			if (ring == null) {
				return new HistoryPage(path, this.size, 0, offset, List.of());
			}
			Predicate<HistoryEntry> filter = (entry) -> true;
			if (fold != -1) {
				String child = path.substring(fold + 1);
				filter = (entry) -> entry.child() != null
						&& (entry.child().equals(child) || entry.child().startsWith(child + "/"));
			}
			return slice(path, this.size, ring.newestFirst(filter), offset, limit);
		}
	}

	/**
	 * Whether a node has events kept: a dynamic child that is gone keeps its history.
	 * @param path the node's path
	 * @return whether any event of that node is kept
	 */
	public boolean contains(String path) {
		return page(path, 0, 0).total() > 0;
	}

	/**
	 * A page of the recent events of all trees, newest first.
	 * @param offset how many of the newest events to skip
	 * @param limit how many events at most
	 * @return the page
	 */
	public HistoryPage recent(int offset, int limit) {
		synchronized (this.lock) {
			return slice(null, RECENT_SIZE, this.recent.newestFirst((entry) -> true), offset, limit);
		}
	}

	private static HistoryPage slice(@Nullable String path, int size, List<HistoryEntry> all, int offset, int limit) {
		int from = Math.min(offset, all.size());
		int to = (int) Math.min((long) from + limit, all.size());
		return new HistoryPage(path, size, all.size(), offset, all.subList(from, to));
	}

	/**
	 * Return the number of the last event recorded.
	 * @return the number of the last event recorded, 0 before the first
	 */
	public long lastSeq() {
		synchronized (this.lock) {
			return this.seq;
		}
	}

	/**
	 * Subscribes to new events. A subscriber that does not keep up loses events (counted by
	 * {@link HistorySubscription#takeDropped()}); a supervisor never waits for it.
	 * @param capacity how many events are buffered at most
	 * @param afterSeq resume after this event: the recent events after it are buffered first;
	 * a negative value starts with the next event
	 * @return the subscription; close it when done
	 */
	public HistorySubscription subscribe(int capacity, long afterSeq) {
		synchronized (this.lock) {
			List<HistoryEntry> missed = (afterSeq >= 0 && afterSeq <= this.seq) ? this.recent.after(afterSeq) : null;
			boolean resumed = missed != null && missed.size() <= capacity;
			HistorySubscription subscription = new HistorySubscription(capacity, resumed, this::unsubscribe);
			if (resumed) {
				missed.forEach(subscription::offer);
			}
			this.subscriptions.add(subscription);
			return subscription;
		}
	}

	/**
	 * Return how many nodes have a history.
	 * @return the number of nodes with events kept
	 */
	public int nodeCount() {
		synchronized (this.lock) {
			return this.nodes.size();
		}
	}

	/**
	 * Return how many live subscriptions there are.
	 * @return the number of open subscriptions
	 */
	public int subscribers() {
		synchronized (this.lock) {
			return this.subscriptions.size();
		}
	}

	private void unsubscribe(HistorySubscription subscription) {
		synchronized (this.lock) {
			this.subscriptions.remove(subscription);
		}
	}

}
