package dev.supervisor.spring.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.supervisor.ChildState;
import dev.supervisor.spring.cluster.LeadershipRevokedEvent.Cause;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.leader.Candidate;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.event.LeaderEventPublisher;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * Runs a tree on one replica at a time: the one that holds the tree's lock in the
 * application's {@link LockRegistry}, elected by Spring Integration's
 * {@link LockRegistryLeaderInitiator} (OTP's distributed applications: the tree fails over
 * to another replica when its replica dies, and is handed over when it leaves).
 * <p>
 * The tree always stops here before another replica may start it: the lock is released
 * only after the tree has stopped, and when the lock is not confirmed in time (the lock
 * store is slow or cut off) a lease guard stops the tree so that it is down before the
 * lock's time-to-live runs out.
 */
final class SingletonCoordinator implements TreeCoordinator {

	private static final Log logger = LogFactory.getLog(SingletonCoordinator.class);

	/** The prefix of the lock key; the tree's name follows. */
	static final String LOCK_PREFIX = "supervision/singleton/";

	private final String name;

	private final LockRegistry<?> locks;

	private final ClusterSettings settings;

	private final ApplicationEventPublisher publisher;

	private final Object monitor = new Object();

	private @Nullable Session session;

	/** The last leave, until the next join; guarded by {@link #monitor}. */
	private @Nullable CompletableFuture<Void> left;

	private volatile ClusterPlacement placement;

	SingletonCoordinator(String name, LockRegistry<?> locks, ClusterSettings settings,
			ApplicationEventPublisher publisher) {
		this.name = name;
		this.locks = locks;
		this.settings = settings;
		this.publisher = publisher;
		this.placement = new ClusterPlacement(ClusterMode.SINGLETON, settings.replicaId(), ClusterPlacement.LEFT,
				null);
	}

	@Override
	public void join(CoordinatedTree tree) {
		synchronized (this.monitor) {
			if (this.session != null) {
				return;
			}
			this.left = null;
			this.session = new Session(tree);
			this.session.begin();
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

	@Override
	public @Nullable String refusal() {
		if (ClusterPlacement.LEADER.equals(this.placement.role())) {
			return null;
		}
		return "tree '" + this.name + "' is a cluster singleton and this replica (" + this.settings.replicaId()
				+ ") does not hold its leadership (" + this.placement.role()
				+ "): act on it on the replica that runs it";
	}

	@Override
	public ClusterPlacement placement() {
		return this.placement;
	}

	private void role(String role) {
		this.placement = new ClusterPlacement(ClusterMode.SINGLETON, this.settings.replicaId(), role, Instant.now());
	}

	private static ThreadFactory named(String name) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * One stretch of taking part, from {@link #join} to {@link #leave}: the election, its
	 * threads (all named after the tree, all gone once it ends) and the lease guard.
	 */
	private final class Session implements Candidate, LeaseGuardedLockRegistry.Lease {

		private final CoordinatedTree tree;

		private final Duration fenceLead;

		/** Starts and stops the tree, one at a time. */
		private final ExecutorService control;

		/** Stops the tree when the lock was not confirmed in time. */
		private final ScheduledExecutorService guard;

		private final SimpleAsyncTaskExecutor election;

		private final LockRegistryLeaderInitiator initiator;

		private final AtomicBoolean runningHere = new AtomicBoolean();

		private volatile boolean leader;

		private volatile boolean leaving;

		/** Granted, not started yet: a start waits for a confirmation recent enough. */
		private volatile boolean pendingStart;

		private volatile long confirmedNanos;

		private volatile long grantedNanos;

		private volatile @Nullable Context context;

		Session(CoordinatedTree tree) {
			this.tree = tree;
			Optional<Duration> worstCase = tree.tree().worstCaseShutdown();
			this.fenceLead = LeaseBudget.fenceLead(worstCase, SingletonCoordinator.this.settings);
			String prefix = SingletonCoordinator.this.name;
			this.control = Executors.newSingleThreadExecutor(named(prefix + "/leadership"));
			this.guard = Executors.newSingleThreadScheduledExecutor(named(prefix + "/lease-guard"));
			this.election = new SimpleAsyncTaskExecutor();
			this.election.setThreadFactory(named(prefix + "/leader-election"));
			this.election.setTaskTerminationTimeout(SingletonCoordinator.this.settings.lockTtl().toMillis());
			LeaseGuardedLockRegistry guarded = new LeaseGuardedLockRegistry(SingletonCoordinator.this.locks,
					SingletonCoordinator.this.settings.lockTtl(), this);
			this.initiator = new LockRegistryLeaderInitiator(guarded, this);
			this.initiator.setHeartBeatMillis(SingletonCoordinator.this.settings.heartbeat().toMillis());
			this.initiator.setTaskExecutor(this.election);
			this.initiator.setLeaderEventPublisher(new Silent());
		}

		void begin() {
			role(ClusterPlacement.STANDBY);
			long tick = Math.max(10, SingletonCoordinator.this.settings.heartbeat().toMillis() / 5);
			this.guard.scheduleWithFixedDelay(this::checkLease, tick, tick, TimeUnit.MILLISECONDS);
			this.initiator.start();
			logger.info("Supervision tree '" + getId() + "' is a cluster singleton: replica "
					+ SingletonCoordinator.this.settings.replicaId() + " takes part in its leader election (lock '"
					+ getRole() + "', time-to-live " + LeaseBudget.format(SingletonCoordinator.this.settings.lockTtl())
					+ ")");
		}

		/** Ends the session, the store's part bounded by the given time (see {@link BoundedLeave}). */
		CompletableFuture<Void> endWithin(Duration bound) {
			return BoundedLeave.within(end(), bound, this.guard, this.tree, () -> {
				this.control.shutdownNow();
				this.guard.shutdown();
			}, logger);
		}

		CompletableFuture<Void> end() {
			CompletableFuture<Void> ended = new CompletableFuture<>();
			Thread thread = named(SingletonCoordinator.this.name + "/leave").newThread(() -> {
				try {
					this.leaving = true;
					// The tree stops here before the lock is released, never after.
					awaitStopped(Cause.RELEASED);
					this.initiator.stop();
					this.election.close();
					this.guard.shutdownNow();
					this.control.shutdown();
					awaitTermination(this.control);
					awaitTermination(this.guard);
					role(ClusterPlacement.LEFT);
					ended.complete(null);
				}
				catch (RuntimeException | Error ex) {
					logger.error("Supervision tree '" + getId() + "' could not leave its leader election cleanly", ex);
					ended.completeExceptionally(ex);
				}
			});
			thread.start();
			return ended;
		}

		@Override
		public String getRole() {
			return LOCK_PREFIX + SingletonCoordinator.this.name;
		}

		@Override
		public String getId() {
			return SingletonCoordinator.this.name;
		}

		@Override
		public void onGranted(Context context) {
			this.context = context;
			this.leader = true;
			this.grantedNanos = System.nanoTime();
			this.pendingStart = true;
			role(ClusterPlacement.LEADER);
			startLater();
		}

		private void startLater() {
			try {
				this.control.execute(this::startIfLeader);
			}
			catch (RejectedExecutionException ex) {
				// Leaving: the tree is not started again.
			}
		}

		@Override
		public void onRevoked(Context context) {
			boolean wasLeader = this.leader;
			this.leader = false;
			this.pendingStart = false;
			if (!this.leaving) {
				role(ClusterPlacement.STANDBY);
			}
			if (wasLeader) {
				// Usually already stopped before the release; after an error, now at the latest.
				awaitStopped(this.leaving ? Cause.RELEASED : Cause.LOST);
			}
		}

		@Override
		public void confirmed(long begunNanos) {
			this.confirmedNanos = begunNanos;
			if (this.pendingStart && this.leader) {
				// The grant came too late in its lease for a whole stop to fit: start now.
				startLater();
			}
		}

		@Override
		public void releasing() {
			awaitStopped(this.leaving ? Cause.RELEASED : Cause.LOST);
		}

		/** Whether a whole shutdown still fits before the lock could expire. */
		private boolean leaseAllowsRunning(long now) {
			return now < fenceAt();
		}

		private long fenceAt() {
			ClusterSettings settings = SingletonCoordinator.this.settings;
			return this.confirmedNanos + settings.lockTtl().toNanos() - settings.heartbeat().toNanos()
					- this.fenceLead.toNanos();
		}

		private void startIfLeader() {
			if (!this.pendingStart || !this.leader || this.leaving || !leaseAllowsRunning(System.nanoTime())) {
				return;
			}
			this.pendingStart = false;
			// Set first: the lease guard stops the tree even while it is starting.
			this.runningHere.set(true);
			try {
				this.tree.startHere();
				Duration took = Duration.ofNanos(System.nanoTime() - this.grantedNanos);
				logger.info("Supervision tree '" + getId() + "' runs on this replica ("
						+ SingletonCoordinator.this.settings.replicaId() + "), which holds its leadership; started in "
						+ took.toMillis() + "ms");
				publish(new LeadershipGrantedEvent(SingletonCoordinator.this, getId(),
						SingletonCoordinator.this.settings.replicaId(), took));
			}
			catch (RuntimeException ex) {
				this.runningHere.set(this.tree.tree().state() != ChildState.FAILED);
				logger.error("Supervision tree '" + getId() + "' failed to start on this replica, which holds its "
						+ "leadership; it stays down (the replica keeps the leadership) until an operator restarts it",
						ex);
			}
		}

		private void checkLease() {
			if (!this.runningHere.get() || leaseAllowsRunning(System.nanoTime())) {
				return;
			}
			long silentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.confirmedNanos);
			logger.error("Supervision tree '" + getId() + "': the leadership lock was last confirmed " + silentMillis
					+ "ms ago (time-to-live " + LeaseBudget.format(SingletonCoordinator.this.settings.lockTtl())
					+ "); stopping the tree now, so that it is down before the lock can expire and another replica "
					+ "takes it over");
			this.pendingStart = false;
			// Asked at once, even while the control thread is busy; the bookkeeping follows there.
			this.tree.stopHere();
			awaitStopped(Cause.LEASE_EXPIRING);
			Context current = this.context;
			if (current != null && !this.leaving) {
				// Gives the lock up (once the store answers) and campaigns again.
				current.yield();
			}
		}

		/** Stops the tree here, if it runs, and waits until it has stopped. */
		private void awaitStopped(Cause cause) {
			Future<?> stopped;
			try {
				stopped = this.control.submit(() -> stopIfRunning(cause));
			}
			catch (RejectedExecutionException ex) {
				stopIfRunning(cause);
				return;
			}
			boolean interrupted = false;
			try {
				while (true) {
					try {
						stopped.get();
						return;
					}
					catch (InterruptedException ex) {
						// The election thread is interrupted when it is stopped: it must still
						// wait, or the lock would be released while the tree runs.
						interrupted = true;
					}
					catch (ExecutionException ex) {
						logger.error("Supervision tree '" + getId() + "' failed to stop on this replica", ex.getCause());
						return;
					}
				}
			}
			finally {
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}

		private void stopIfRunning(Cause cause) {
			if (!this.runningHere.compareAndSet(true, false)) {
				return;
			}
			long begun = System.nanoTime();
			this.tree.stopHere().join();
			Duration took = Duration.ofNanos(System.nanoTime() - begun);
			String message = "Supervision tree '" + getId() + "' stopped on this replica ("
					+ SingletonCoordinator.this.settings.replicaId() + ") in " + took.toMillis() + "ms: "
					+ switch (cause) {
						case RELEASED -> "the replica leaves and hands it over";
						case LOST -> "the lock store no longer confirms its leadership";
						case LEASE_EXPIRING -> "its leadership lock was not renewed in time";
					};
			if (cause == Cause.RELEASED) {
				logger.info(message);
			}
			else {
				logger.warn(message);
			}
			publish(new LeadershipRevokedEvent(SingletonCoordinator.this, getId(),
					SingletonCoordinator.this.settings.replicaId(), cause, took));
		}

		private void publish(LeadershipEvent event) {
			try {
				SingletonCoordinator.this.publisher.publishEvent(event);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not publish " + event, ex);
			}
		}

		private void awaitTermination(ExecutorService executor) {
			try {
				if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
					logger.warn("Supervision tree '" + getId() + "': a leadership thread did not end in time");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/** Spring Integration's own leader events are not published: ours say what the tree did. */
	private static final class Silent implements LeaderEventPublisher {

		@Override
		public void publishOnGranted(Object source, Context context, String role) {
		}

		@Override
		public void publishOnRevoked(Object source, Context context, String role) {
		}

		@Override
		public void publishOnFailedToAcquire(Object source, Context context, String role) {
		}

	}

}
