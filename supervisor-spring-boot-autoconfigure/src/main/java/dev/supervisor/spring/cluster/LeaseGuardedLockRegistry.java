package dev.supervisor.spring.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

import org.springframework.integration.support.locks.DistributedLock;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * The application's {@link LockRegistry} as the leader election of one singleton sees it:
 * every confirmation of the lock is timed (the lease guard counts from it), a
 * {@link DistributedLock} is taken with the configured time-to-live, and the lock is never
 * released before the tree has stopped here. {@code LockRegistryLeaderInitiator} releases
 * the lock first and reports the revocation after; without this, another replica could
 * take the tree over while it is still stopping here.
 */
final class LeaseGuardedLockRegistry implements LockRegistry<Lock> {

	/** What the lease guard is told. */
	interface Lease {

		/**
		 * The lock was confirmed by a call that began at the given time.
		 * @param begunNanos {@link System#nanoTime()} before the call
		 */
		void confirmed(long begunNanos);

		/** The lock is about to be released: stop the tree here first, and wait for it. */
		void releasing();

	}

	private final LockRegistry<?> delegate;

	private final Duration ttl;

	private final Lease lease;

	LeaseGuardedLockRegistry(LockRegistry<?> delegate, Duration ttl, Lease lease) {
		this.delegate = delegate;
		this.ttl = ttl;
		this.lease = lease;
	}

	@Override
	public Lock obtain(Object lockKey) {
		return new GuardedLock(this.delegate.obtain(lockKey));
	}

	private final class GuardedLock implements Lock {

		private final Lock lock;

		/** Holds of the delegate by the election thread; the last release stops the tree first. */
		private volatile int holds;

		GuardedLock(Lock lock) {
			this.lock = lock;
		}

		@Override
		public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
			long begun = System.nanoTime();
			boolean acquired = (this.lock instanceof DistributedLock distributed)
					? distributed.tryLock(Duration.ofNanos(unit.toNanos(time)), LeaseGuardedLockRegistry.this.ttl)
					: this.lock.tryLock(time, unit);
			if (acquired) {
				this.holds++;
				LeaseGuardedLockRegistry.this.lease.confirmed(begun);
			}
			return acquired;
		}

		@Override
		public boolean tryLock() {
			try {
				return tryLock(0, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

		@Override
		public void unlock() {
			int remaining = this.holds - 1;
			this.holds = Math.max(remaining, 0);
			if (remaining <= 0) {
				LeaseGuardedLockRegistry.this.lease.releasing();
			}
			this.lock.unlock();
		}

		@Override
		public void lock() {
			throw new UnsupportedOperationException("Leader election only tries the lock");
		}

		@Override
		public void lockInterruptibly() {
			throw new UnsupportedOperationException("Leader election only tries the lock");
		}

		@Override
		public Condition newCondition() {
			throw new UnsupportedOperationException("Conditions are not supported");
		}

	}

}
