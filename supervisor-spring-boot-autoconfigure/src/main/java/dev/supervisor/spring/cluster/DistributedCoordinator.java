package dev.supervisor.spring.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;

import dev.supervisor.ChildInfo;
import dev.supervisor.Outcome;
import dev.supervisor.ShutdownBudget;
import dev.supervisor.SupervisorHandle;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.support.locks.DistributedLock;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * Spreads the children of a dynamic tree over the replicas (Horde's distributed
 * DynamicSupervisor). Every replica runs the tree's dynamic supervisor; a child runs on the
 * replica that holds the child's lock in the application's {@link LockRegistry}, which it
 * takes only when the child belongs to it by rendezvous hashing over the live replicas. In
 * rounds, every heart-beat, each replica renews its membership and the locks of the children
 * it runs, stops (then releases) the children that belong elsewhere now, and takes and starts
 * those that belong to it.
 * <p>
 * A child stops here before its lock is released, and when the locks were not confirmed in
 * time a lease guard stops every child here before the locks can expire: a child never runs
 * on two replicas at once (the guarantee of the singleton, per child).
 */
final class DistributedCoordinator implements TreeCoordinator {

	private static final Log logger = LogFactory.getLog(DistributedCoordinator.class);

	/** The prefix of the children's lock keys; the tree's name and the child's id follow. */
	static final String LOCK_PREFIX = "supervision/distributed/";

	private final String name;

	private final LockRegistry<?> locks;

	private final ClusterSettings settings;

	private final ChildDirectory directory;

	private final ApplicationEventPublisher publisher;

	private final Object monitor = new Object();

	private @Nullable Session session;

	private volatile ClusterPlacement placement;

	DistributedCoordinator(String name, LockRegistry<?> locks, ClusterSettings settings, ChildDirectory directory,
			ApplicationEventPublisher publisher) {
		this.name = name;
		this.publisher = publisher;
		this.locks = locks;
		this.settings = settings;
		this.directory = directory;
		this.placement = new ClusterPlacement(ClusterMode.DISTRIBUTED, settings.replicaId(), ClusterPlacement.LEFT,
				null);
	}

	@Override
	public void join(CoordinatedTree tree) {
		synchronized (this.monitor) {
			if (this.session == null) {
				this.session = new Session(tree);
				this.session.begin();
			}
		}
	}

	@Override
	public CompletableFuture<Void> leave() {
		Session leaving;
		synchronized (this.monitor) {
			leaving = this.session;
			this.session = null;
		}
		return (leaving != null) ? leaving.end() : CompletableFuture.completedFuture(null);
	}

	@Override
	public boolean isJoined() {
		synchronized (this.monitor) {
			return this.session != null;
		}
	}

	@Override
	public @Nullable String refusal() {
		return null;
	}

	@Override
	public ClusterPlacement placement() {
		return this.placement;
	}

	ChildDirectory directory() {
		return this.directory;
	}

	ClusterSettings settings() {
		return this.settings;
	}

	/** Runs a round soon on this replica, e.g. after a child that belongs here was added. */
	void wake() {
		Session current;
		synchronized (this.monitor) {
			current = this.session;
		}
		if (current != null) {
			current.wake();
		}
	}

	/** @return the number of children running on this replica */
	int runningHere() {
		Session current;
		synchronized (this.monitor) {
			current = this.session;
		}
		return (current != null) ? current.held.size() : 0;
	}

	private static ThreadFactory named(String name) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	/** One stretch of taking part, from {@link #join} to {@link #leave}. */
	private final class Session {

		private final CoordinatedTree tree;

		private final SupervisorHandle supervisor;

		private final Duration fenceLead;

		/** Runs the rounds; the only thread that takes, renews and releases the children's locks. */
		private final ScheduledExecutorService rounds;

		private final ScheduledExecutorService guard;

		/** The locks held, by child id: the children this replica runs. */
		private final Map<String, Lock> held = new ConcurrentHashMap<>();

		private final AtomicBoolean wakeQueued = new AtomicBoolean();

		/** When each lock held was last confirmed: {@link System#nanoTime()} before the call. */
		private final Map<String, Long> confirmed = new ConcurrentHashMap<>();

		/** How long a lock goes without renewal: a third of what the lease guard allows. */
		private final long renewEveryNanos;

		/** The guard stopped the children: the next round releases their locks. */
		private volatile boolean fenced;

		Session(CoordinatedTree tree) {
			this.tree = tree;
			this.supervisor = tree.tree().root();
			this.fenceLead = LeaseBudget.fenceLead(ShutdownBudget.worstCase(tree.tree().spec()),
					DistributedCoordinator.this.settings);
			ClusterSettings settings = DistributedCoordinator.this.settings;
			long allowed = settings.lockTtl().minus(settings.heartbeat()).minus(this.fenceLead).toNanos();
			this.renewEveryNanos = Math.max(settings.heartbeat().toNanos(), allowed / 3);
			this.rounds = Executors.newSingleThreadScheduledExecutor(named(DistributedCoordinator.this.name + "/distribution"));
			this.guard = Executors.newSingleThreadScheduledExecutor(named(DistributedCoordinator.this.name + "/lease-guard"));
		}

		void begin() {
			this.tree.startHere();
			this.placement(ClusterPlacement.MEMBER);
			long heartbeat = DistributedCoordinator.this.settings.heartbeat().toMillis();
			this.rounds.scheduleWithFixedDelay(this::round, 0, heartbeat, TimeUnit.MILLISECONDS);
			long tick = Math.max(10, heartbeat / 5);
			this.guard.scheduleWithFixedDelay(this::checkLease, tick, tick, TimeUnit.MILLISECONDS);
			logger.info("Supervision tree '" + DistributedCoordinator.this.name + "' is distributed: replica "
					+ DistributedCoordinator.this.settings.replicaId() + " runs the children that belong to it");
		}

		private void placement(String role) {
			DistributedCoordinator.this.placement = new ClusterPlacement(ClusterMode.DISTRIBUTED,
					DistributedCoordinator.this.settings.replicaId(), role, Instant.now());
		}

		void wake() {
			if (this.wakeQueued.compareAndSet(false, true)) {
				try {
					this.rounds.execute(() -> {
						this.wakeQueued.set(false);
						round();
					});
				}
				catch (RejectedExecutionException ex) {
					// Leaving.
				}
			}
		}

		CompletableFuture<Void> end() {
			CompletableFuture<Void> ended = new CompletableFuture<>();
			try {
				this.rounds.execute(() -> {
					try {
						leaveHere();
						ended.complete(null);
					}
					catch (RuntimeException | Error ex) {
						logger.error("Supervision tree '" + DistributedCoordinator.this.name
								+ "' could not hand its children over cleanly", ex);
						ended.completeExceptionally(ex);
					}
					finally {
						this.rounds.shutdown();
						this.guard.shutdownNow();
					}
				});
			}
			catch (RejectedExecutionException ex) {
				ended.complete(null);
			}
			return ended;
		}

		/** On the rounds thread: others stop counting on this replica, its children stop, then their locks go. */
		private void leaveHere() {
			String me = DistributedCoordinator.this.settings.replicaId();
			try {
				DistributedCoordinator.this.directory.leave(me);
			}
			catch (RuntimeException ex) {
				logger.warn("Supervision tree '" + DistributedCoordinator.this.name
						+ "': could not leave the membership (it expires by itself)", ex);
			}
			int count = this.held.size();
			long begun = System.nanoTime();
			this.tree.stopHere().join();
			for (String id : new ArrayList<>(this.held.keySet())) {
				release(id);
			}
			placement(ClusterPlacement.LEFT);
			logger.info("Supervision tree '" + DistributedCoordinator.this.name + "': replica " + me + " stopped its "
					+ count + " children in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun)
					+ "ms and released them to the other replicas");
		}

		private void round() {
			try {
				roundHere();
			}
			catch (RuntimeException ex) {
				logger.warn("Supervision tree '" + DistributedCoordinator.this.name + "': a distribution round failed ("
						+ ex + "); the next one retries", ex);
			}
		}

		private void roundHere() {
			ClusterSettings settings = DistributedCoordinator.this.settings;
			ChildDirectory directory = DistributedCoordinator.this.directory;
			String me = settings.replicaId();
			if (this.fenced) {
				for (String id : new ArrayList<>(this.held.keySet())) {
					release(id);
				}
				this.tree.startHere();
				this.fenced = false;
			}
			directory.renewMembership(me, settings.lockTtl());
			List<String> members = new ArrayList<>(directory.liveMembers());
			if (!members.contains(me)) {
				members.add(me);
			}
			Map<String, @Nullable String> wanted = directory.children();
			Set<String> local = new HashSet<>();
			for (ChildInfo child : this.supervisor.whichChildren()) {
				local.add(child.id());
			}
			int moved = 0;
			int ended = 0;
			// Renewals first, and again during a long round: stopping and starting many children
			// takes a while, and the lease guard counts from each lock's last confirmation.
			int lost = renewDue();
			long renewedAt = System.nanoTime();
			long heartbeat = settings.heartbeat().toNanos();
			for (String id : new ArrayList<>(this.held.keySet())) {
				if (System.nanoTime() - renewedAt > heartbeat) {
					lost += renewDue();
					renewedAt = System.nanoTime();
				}
				if (!this.held.containsKey(id)) {
					continue;
				}
				if (!wanted.containsKey(id)) {
					// Terminated through the cluster: it stops here.
					stopHere(id);
					release(id);
				}
				else if (!local.contains(id)) {
					// It ended by itself and its supervisor removed it (temporary, transient).
					directory.remove(id);
					release(id);
					ended++;
				}
				else if (!me.equals(Rendezvous.owner(id, members))) {
					stopHere(id);
					release(id);
					moved++;
				}
			}
			int started = 0;
			for (Map.Entry<String, @Nullable String> child : wanted.entrySet()) {
				if (System.nanoTime() - renewedAt > heartbeat) {
					lost += renewDue();
					renewedAt = System.nanoTime();
				}
				String id = child.getKey();
				if (!this.held.containsKey(id) && me.equals(Rendezvous.owner(id, members)) && acquire(id)) {
					if (startHere(id, child.getValue())) {
						started++;
					}
				}
			}
			if (moved + ended + lost + started > 0) {
				logger.info("Supervision tree '" + DistributedCoordinator.this.name + "' on replica " + me + ": started "
						+ started + ", handed over " + moved + ", ended " + ended + ", lost " + lost + "; runs "
						+ this.held.size() + " of " + wanted.size() + " over " + members.size() + " replicas");
				publish(new ChildrenMovedEvent(DistributedCoordinator.this, DistributedCoordinator.this.name, me, started,
						moved, ended, lost, this.held.size()));
			}
		}

		private void publish(ChildrenMovedEvent event) {
			try {
				DistributedCoordinator.this.publisher.publishEvent(event);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not publish " + event, ex);
			}
		}

		/**
		 * Renews the locks that are due; a child whose lock is no longer this replica's stops.
		 * @return how many children were lost
		 */
		private int renewDue() {
			int lost = 0;
			for (String id : new ArrayList<>(this.held.keySet())) {
				if (!renew(id)) {
					stopHere(id);
					release(id);
					lost++;
				}
			}
			return lost;
		}

		private boolean acquire(String id) {
			Lock lock = DistributedCoordinator.this.locks.obtain(key(id));
			long begun = System.nanoTime();
			try {
				boolean acquired = (lock instanceof DistributedLock distributed)
						? distributed.tryLock(Duration.ZERO, DistributedCoordinator.this.settings.lockTtl())
						: lock.tryLock();
				if (acquired) {
					this.confirmed.put(id, begun);
					this.held.put(id, lock);
				}
				return acquired;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

		private boolean renew(String id) {
			Lock lock = this.held.get(id);
			if (lock == null) {
				return false;
			}
			long begun = System.nanoTime();
			Long last = this.confirmed.get(id);
			if (last != null && begun - last < this.renewEveryNanos) {
				// Spread over the rounds: one renewal per lock every third of the guard's allowance.
				return true;
			}
			try {
				boolean renewed = (lock instanceof DistributedLock distributed)
						? distributed.tryLock(Duration.ZERO, DistributedCoordinator.this.settings.lockTtl())
						: lock.tryLock();
				if (renewed) {
					this.confirmed.put(id, begun);
					// Held once more by the same thread: back to one hold.
					lock.unlock();
				}
				else {
					logger.warn("Supervision tree '" + DistributedCoordinator.this.name + "': the lock of child '" + id
							+ "' is held by another replica; stopping it here");
				}
				return renewed;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

		private void release(String id) {
			Lock lock = this.held.remove(id);
			this.confirmed.remove(id);
			if (lock == null) {
				return;
			}
			try {
				lock.unlock();
			}
			catch (RuntimeException ex) {
				// Expired, or the store is unreachable: the lock expires by itself.
				logger.debug("Could not release the lock of child '" + id + "': " + ex);
			}
		}

		private boolean startHere(String id, @Nullable String argument) {
			Outcome outcome = this.supervisor.startDynamicChild(id, argument);
			if (outcome.isOk()) {
				DistributedCoordinator.this.directory.startedOn(id, DistributedCoordinator.this.settings.replicaId());
				return true;
			}
			logger.warn("Supervision tree '" + DistributedCoordinator.this.name + "': child '" + id
					+ "' did not start on this replica (" + outcome.status() + ": " + outcome.message()
					+ "); released for the next round");
			release(id);
			return false;
		}

		private void stopHere(String id) {
			this.supervisor.terminateChild(id);
		}

		private void checkLease() {
			if (this.fenced || this.confirmed.isEmpty()) {
				return;
			}
			long oldest = 0;
			boolean first = true;
			for (long at : this.confirmed.values()) {
				if (first || at - oldest < 0) {
					oldest = at;
					first = false;
				}
			}
			ClusterSettings settings = DistributedCoordinator.this.settings;
			long fenceAt = oldest + settings.lockTtl().toNanos() - settings.heartbeat().toNanos()
					- this.fenceLead.toNanos();
			if (System.nanoTime() < fenceAt) {
				return;
			}
			this.fenced = true;
			logger.error("Supervision tree '" + DistributedCoordinator.this.name + "': the locks of its "
					+ this.held.size() + " children here were last confirmed "
					+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - oldest)
					+ "ms ago; stopping them now, so that they are down before the locks can expire and other "
					+ "replicas take them over");
			this.tree.stopHere().join();
		}

	}

	private String key(String id) {
		return LOCK_PREFIX + this.name + "/" + id;
	}

}
