package dev.supervisor.spring.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import dev.supervisor.ChildState;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.Outcome;
import dev.supervisor.ShutdownBudget;
import dev.supervisor.SnapshotOptions;
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

	/** The root alone, for its state and incarnation. */
	private static final SnapshotOptions ROOT_ONLY = new SnapshotOptions(0, 0, 0, 1);

	/** The prefix of the partitions' lock keys; the tree's name and the partition follow. */
	static final String LOCK_PREFIX = "supervision/distributed/";

	private final String name;

	private final LockRegistry<?> locks;

	private final ClusterSettings settings;

	private final ChildDirectory directory;

	private final ApplicationEventPublisher publisher;

	private final Object monitor = new Object();

	private @Nullable Session session;

	/** The last leave, until the next join; guarded by {@link #monitor}. */
	private @Nullable CompletableFuture<Void> left;

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
				this.left = null;
				this.session = new Session(tree);
				this.session.begin();
			}
		}
	}

	@Override
	public CompletableFuture<Void> leave() {
		synchronized (this.monitor) {
			Session leaving = this.session;
			if (leaving == null) {
				// Left, or leaving: the same leave, so that a second caller (the registry before beans
				// are destroyed, after the lifecycle's phase timeout) waits for it as well.
				return (this.left != null) ? this.left : CompletableFuture.completedFuture(null);
			}
			this.session = null;
			this.left = leaving.endWithin(this.settings.lockTtl());
			return this.left;
		}
	}

	@Override
	public boolean isJoined() {
		synchronized (this.monitor) {
			return this.session != null;
		}
	}

	/**
	 * Refuses while the tree runs here: it runs on every replica that takes part, and its
	 * children move through the cluster, so restarting or terminating it on one replica would
	 * stop that replica's children while their partitions stay with it. Once it is down here
	 * (it gave up), an operator may start it again.
	 */
	@Override
	public @Nullable String refusal() {
		Session current;
		synchronized (this.monitor) {
			current = this.session;
		}
		if (current != null && current.treeDown) {
			// Down here: an operator may start it again, and this replica takes part again.
			return null;
		}
		return "tree '" + this.name + "' is distributed over the replicas (this one is " + this.settings.replicaId()
				+ "): start and stop its children through DistributedSupervisor (terminateChild stops one wherever "
				+ "it runs), or act on a single child here; to hand this replica's children to the others, stop "
				+ "the replica (SIGTERM)";
	}

	@Override
	public ClusterPlacement placement() {
		return this.placement;
	}

	@Override
	public Optional<String> replicaElsewhere(String childId) {
		Session current;
		synchronized (this.monitor) {
			current = this.session;
		}
		if (current != null && current.running.contains(childId)) {
			return Optional.empty();
		}
		if (!this.directory.contains(childId)) {
			return Optional.empty();
		}
		String me = this.settings.replicaId();
		// Where it last started, if that replica is still live; otherwise where it belongs now.
		List<String> members = this.directory.liveMembers();
		Optional<String> replica = this.directory.lastOwner(childId)
			.filter(members::contains)
			.or(() -> Optional.ofNullable(Rendezvous.owner(childId, this.settings.partitions(), members)));
		return replica.filter((id) -> !id.equals(me));
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
		return (current != null) ? current.runningHere() : 0;
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

		/** Runs the rounds; the only thread that takes, renews and releases the partitions' locks. */
		private final ScheduledExecutorService rounds;

		private final ScheduledExecutorService guard;

		private final int partitions;

		/** The locks held, by partition: this replica runs the children of these partitions. */
		private final Map<Integer, Lock> held = new ConcurrentHashMap<>();

		/** When each lock held was last confirmed: {@link System#nanoTime()} before the call. */
		private final Map<Integer, Long> confirmed = new ConcurrentHashMap<>();

		/** The children this replica started and runs (only the rounds thread changes it). */
		private final Set<String> running = ConcurrentHashMap.newKeySet();

		private final AtomicBoolean wakeQueued = new AtomicBoolean();

		/** How long a lock goes without renewal: a third of what the lease guard allows. */
		private final long renewEveryNanos;

		/** The guard stopped the children: the next round releases their locks. */
		private volatile boolean fenced;

		/** The incarnation of the tree here whose children {@link #running} lists. */
		private long treeIncarnation = -1;

		/** The tree is down here (stopped or failed): this replica does not take part meanwhile. */
		private volatile boolean treeDown;

		Session(CoordinatedTree tree) {
			this.tree = tree;
			this.supervisor = tree.tree().root();
			ClusterSettings settings = DistributedCoordinator.this.settings;
			this.partitions = settings.partitions();
			this.fenceLead = LeaseBudget.fenceLead(ShutdownBudget.worstCase(tree.tree().spec()), settings);
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
			logger.info("Supervision tree '" + DistributedCoordinator.this.name + "' is distributed over "
					+ this.partitions + " partitions: replica " + DistributedCoordinator.this.settings.replicaId()
					+ " runs the children of the partitions that belong to it");
		}

		private void placement(String role) {
			DistributedCoordinator.this.placement = new ClusterPlacement(ClusterMode.DISTRIBUTED,
					DistributedCoordinator.this.settings.replicaId(), role, Instant.now());
		}

		int runningHere() {
			return this.running.size();
		}

		boolean holds(String id) {
			return this.held.containsKey(Rendezvous.partition(id, this.partitions));
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

		/** Ends the session, the store's part bounded by the given time (see {@link BoundedLeave}). */
		CompletableFuture<Void> endWithin(Duration bound) {
			return BoundedLeave.within(end(), bound, this.guard, this.tree, () -> {
				this.rounds.shutdownNow();
				this.guard.shutdown();
			}, logger);
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
			try {
				removeEnded(localChildren(), DistributedCoordinator.this.directory.children());
			}
			catch (RuntimeException ex) {
				logger.warn("Supervision tree '" + DistributedCoordinator.this.name
						+ "': could not check for children that ended by themselves before leaving (" + ex + ")");
			}
			int count = this.running.size();
			long begun = System.nanoTime();
			this.tree.stopHere().join();
			this.running.clear();
			for (Integer partition : new ArrayList<>(this.held.keySet())) {
				release(partition);
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
				// The guard stopped every child here (waited for again: the locks go only after):
				// their partitions go, and the tree starts again empty.
				this.tree.stopHere().join();
				for (Integer partition : new ArrayList<>(this.held.keySet())) {
					release(partition);
				}
				this.running.clear();
				this.tree.startHere();
				this.fenced = false;
			}
			NodeSnapshot root = this.tree.tree().snapshot(ROOT_ONLY);
			if (root.state() == ChildState.STOPPED || root.state() == ChildState.FAILED) {
				handOverWhileDown(root.state());
				return;
			}
			if (root.state() != ChildState.RUNNING) {
				// Starting or stopping here: keep the partitions, start or stop nothing.
				new Renewals(settings.heartbeat().toNanos()).renewDue();
				return;
			}
			if (this.treeDown) {
				this.treeDown = false;
				placement(ClusterPlacement.MEMBER);
				logger.info("Supervision tree '" + DistributedCoordinator.this.name + "' runs again on replica " + me
						+ ": it takes part again");
			}
			if (root.incarnation() != this.treeIncarnation) {
				// The tree was started again here: its children went with the old incarnation and
				// start again; they did not end.
				this.running.clear();
				this.treeIncarnation = root.incarnation();
			}
			// Renewals first: a failing query on the other tables must not let the locks lapse.
			Renewals renewals = new Renewals(settings.heartbeat().toNanos());
			int lost = renewals.renewDue();
			directory.renewMembership(me, settings.lockTtl());
			List<String> members = new ArrayList<>(directory.liveMembers());
			if (!members.contains(me)) {
				members.add(me);
			}
			Map<String, @Nullable String> wanted = directory.children();
			Set<String> local = localChildren();
			// Before anything stops children here: those that ended by themselves are removed
			// from the cluster, so that no other replica starts them again.
			int ended = removeEnded(local, wanted);
			// Partitions that belong elsewhere now: their children stop here, then their locks go.
			int moved = 0;
			for (Integer partition : new ArrayList<>(this.held.keySet())) {
				if (!me.equals(Rendezvous.ownerOfPartition(partition, members))) {
					moved += stopPartition(partition, renewals);
					release(partition);
				}
			}
			lost += renewals.renewIfLate();
			for (String id : local) {
				if (!wanted.containsKey(id)) {
					// Terminated through the cluster: it stops here.
					stopHere(id);
					lost += renewals.renewIfLate();
				}
			}
			// The partitions that belong here, then their children. A round takes no more locks
			// than it can keep renewed: once it has lasted a third of the guard's allowance, the
			// next round takes the rest.
			long acquiring = System.nanoTime();
			boolean tried = false;
			for (int partition = 0; partition < this.partitions; partition++) {
				if (this.fenced || (tried && System.nanoTime() - acquiring > this.renewEveryNanos)) {
					break;
				}
				if (!this.held.containsKey(partition) && me.equals(Rendezvous.ownerOfPartition(partition, members))) {
					acquire(partition);
					tried = true;
					lost += renewals.renewIfLate();
				}
			}
			List<String> started = new ArrayList<>();
			@Nullable Outcome firstFailure = null;
			int failed = 0;
			for (Map.Entry<String, @Nullable String> child : wanted.entrySet()) {
				String id = child.getKey();
				if (this.fenced) {
					break;
				}
				if (!this.running.contains(id) && holds(id)) {
					Outcome outcome = startHere(id, child.getValue());
					if (startedHere(outcome)) {
						started.add(id);
					}
					else {
						firstFailure = (firstFailure != null) ? firstFailure : outcome;
						failed++;
					}
					lost += renewals.renewIfLate();
				}
			}
			if (!started.isEmpty()) {
				directory.startedOn(started, me);
			}
			if (firstFailure != null) {
				logger.warn("Supervision tree '" + DistributedCoordinator.this.name + "': " + failed
						+ " children did not start on replica " + me + ", the first '" + firstFailure.path() + "' ("
						+ firstFailure.status() + ": " + firstFailure.message() + "); the next round tries again");
			}
			if (moved + ended + lost + started.size() > 0) {
				logger.info("Supervision tree '" + DistributedCoordinator.this.name + "' on replica " + me + ": started "
						+ started.size() + ", handed over " + moved + ", ended " + ended + ", lost " + lost + "; runs "
						+ this.running.size() + " of " + wanted.size() + " in " + this.held.size() + " of "
						+ this.partitions + " partitions over " + members.size() + " replicas");
				publish(new ChildrenMovedEvent(DistributedCoordinator.this, DistributedCoordinator.this.name, me,
						started.size(), moved, ended, lost, this.running.size()));
			}
		}

		private Set<String> localChildren() {
			Set<String> local = new HashSet<>();
			for (ChildInfo child : this.supervisor.whichChildren()) {
				local.add(child.id());
			}
			return local;
		}

		/**
		 * Forgets the children this replica started that its tree no longer has: each that is
		 * still wanted ended by itself and its supervisor removed it (temporary, a transient
		 * normal exit, or an operator's terminate or delete of that child here), so it is removed
		 * from the cluster first, then forgotten here (if the removal fails, the next round
		 * tries again).
		 * @return how many ended
		 */
		private int removeEnded(Set<String> local, Map<String, @Nullable String> wanted) {
			int ended = 0;
			for (String id : new ArrayList<>(this.running)) {
				if (local.contains(id)) {
					continue;
				}
				if (wanted.containsKey(id) && holds(id)) {
					DistributedCoordinator.this.directory.remove(id);
					ended++;
				}
				this.running.remove(id);
			}
			return ended;
		}

		/**
		 * The tree is down here (its give-up rule, or the application stopped it): its children
		 * are stopped, so this replica leaves the membership and releases its partitions, and
		 * the other replicas run their children until the tree runs here again.
		 */
		private void handOverWhileDown(ChildState state) {
			String me = DistributedCoordinator.this.settings.replicaId();
			if (!this.treeDown) {
				this.treeDown = true;
				placement(ClusterPlacement.LEFT);
				logger.warn("Supervision tree '" + DistributedCoordinator.this.name + "' is " + state
						+ " on replica " + me + ": its " + this.held.size() + " partitions (" + this.running.size()
						+ " children) go to the other replicas until it runs here again");
				try {
					DistributedCoordinator.this.directory.leave(me);
				}
				catch (RuntimeException ex) {
					logger.warn("Supervision tree '" + DistributedCoordinator.this.name
							+ "': could not leave the membership (it expires by itself)", ex);
				}
			}
			this.running.clear();
			for (Integer partition : new ArrayList<>(this.held.keySet())) {
				release(partition);
			}
		}

		/**
		 * Stops every child of the partition here.
		 * @param renewals the round's renewals, kept up while many children stop; {@code null}
		 * when called by a renewal itself
		 * @return how many children stopped
		 */
		private int stopPartition(int partition, @Nullable Renewals renewals) {
			int stopped = 0;
			for (String id : new ArrayList<>(this.running)) {
				if (Rendezvous.partition(id, this.partitions) == partition) {
					stopHere(id);
					stopped++;
					if (renewals != null) {
						renewals.renewIfLate();
					}
				}
			}
			return stopped;
		}

		private void publish(ChildrenMovedEvent event) {
			try {
				DistributedCoordinator.this.publisher.publishEvent(event);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not publish " + event, ex);
			}
		}

		/** The renewals of one round: all that are due first, then again whenever a heart-beat went by. */
		private final class Renewals {

			private final long heartbeat;

			private long renewedAt = System.nanoTime();

			Renewals(long heartbeat) {
				this.heartbeat = heartbeat;
			}

			int renewIfLate() {
				return (System.nanoTime() - this.renewedAt > this.heartbeat) ? renewDue() : 0;
			}

			/**
			 * Renews the locks that are due; the children of a partition whose lock is no
			 * longer this replica's stop.
			 * @return how many children were lost
			 */
			int renewDue() {
				int lost = 0;
				for (Integer partition : new ArrayList<>(Session.this.held.keySet())) {
					if (!renew(partition)) {
						lost += stopPartition(partition, null);
						release(partition);
					}
				}
				this.renewedAt = System.nanoTime();
				return lost;
			}

		}

		private boolean acquire(int partition) {
			Lock lock = DistributedCoordinator.this.locks.obtain(key(partition));
			long begun = System.nanoTime();
			try {
				boolean acquired = (lock instanceof DistributedLock distributed)
						? distributed.tryLock(Duration.ZERO, DistributedCoordinator.this.settings.lockTtl())
						: lock.tryLock();
				if (acquired) {
					this.confirmed.put(partition, begun);
					this.held.put(partition, lock);
				}
				return acquired;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

		private boolean renew(int partition) {
			Lock lock = this.held.get(partition);
			if (lock == null) {
				return false;
			}
			long begun = System.nanoTime();
			Long last = this.confirmed.get(partition);
			if (last != null && begun - last < this.renewEveryNanos) {
				// Spread over the rounds: one renewal per lock every third of the guard's allowance.
				return true;
			}
			try {
				boolean renewed = (lock instanceof DistributedLock distributed)
						? distributed.tryLock(Duration.ZERO, DistributedCoordinator.this.settings.lockTtl())
						: lock.tryLock();
				if (renewed) {
					this.confirmed.put(partition, begun);
					// Held once more by the same thread: back to one hold.
					lock.unlock();
				}
				else {
					logger.warn("Supervision tree '" + DistributedCoordinator.this.name + "': the lock of partition "
							+ partition + " is held by another replica; stopping its children here");
				}
				return renewed;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

		private void release(int partition) {
			Lock lock = this.held.remove(partition);
			this.confirmed.remove(partition);
			if (lock == null) {
				return;
			}
			try {
				lock.unlock();
			}
			catch (RuntimeException ex) {
				// Expired, or the store is unreachable: the lock expires by itself, and the other
				// replicas take the partition over only then.
				logger.warn("Supervision tree '" + DistributedCoordinator.this.name + "': could not release the lock of "
						+ "partition " + partition + " (" + ex + "); other replicas take it over once it expires");
			}
		}

		private Outcome startHere(String id, @Nullable String argument) {
			Outcome outcome = this.supervisor.startDynamicChild(id, argument);
			if (startedHere(outcome)) {
				this.running.add(id);
			}
			return outcome;
		}

		/** Started, running already, or starting once an abandoned incarnation is gone: it is here. */
		private boolean startedHere(Outcome outcome) {
			return outcome.isOk() || outcome.status() == Outcome.Status.ALREADY_PRESENT
					|| outcome.status() == Outcome.Status.PENDING;
		}

		private void stopHere(String id) {
			this.running.remove(id);
			this.supervisor.terminateChild(id);
		}

		private void checkLease() {
			try {
				checkLeaseHere();
			}
			catch (RuntimeException | Error ex) {
				// Never let the guard's schedule end: a later lapse must still be caught.
				logger.error("Supervision tree '" + DistributedCoordinator.this.name
						+ "': the lease guard failed; it checks again at its next tick", ex);
			}
		}

		private void checkLeaseHere() {
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
					+ this.held.size() + " partitions here (" + this.running.size() + " children) were last confirmed "
					+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - oldest)
					+ "ms ago; stopping the children now, so that they are down before the locks can expire and other "
					+ "replicas take them over");
			this.tree.stopHere().join();
		}

	}

	private String key(int partition) {
		return LOCK_PREFIX + this.name + "/partition-" + partition;
	}

}
