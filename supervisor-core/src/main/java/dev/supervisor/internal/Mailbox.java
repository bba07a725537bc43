package dev.supervisor.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * The mailbox of one supervisor: many senders, one receiver (the supervisor's thread), which
 * parks while it is empty.
 */
final class Mailbox {

	/**
	 * How long a platform-thread receiver spins before it parks. Waking a parked platform thread
	 * costs tens of microseconds (an OS wake-up); messages come in bursts (a call and its answer,
	 * a stop request and the exit), so a short spin usually finds the next one. Virtual threads
	 * park and wake in about a microsecond and never spin: they would hold a carrier.
	 */
	static final long SPIN_NANOS = 20_000;

	private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();

	private volatile @Nullable Thread receiver;

	private volatile boolean parked;

	private boolean spin;

	void bind(Thread receiver) {
		this.receiver = receiver;
		this.spin = !dev.supervisor.Threads.isVirtual(receiver);
	}

	void post(Object message) {
		this.queue.offer(message);
		// Pairs with take(): the receiver sets parked before its last look at the queue.
		if (this.parked) {
			Thread thread = this.receiver;
			if (thread != null) {
				LockSupport.unpark(thread);
			}
		}
	}

	/**
	 * Takes the next message, parking up to {@code parkNanos} while there is none.
	 * @return the message, or {@code null} if none came in time (or the thread was interrupted)
	 */
	@Nullable Object take(long parkNanos) {
		Object message = this.queue.poll();
		if (message != null || parkNanos <= 0) {
			return message;
		}
		if (this.spin) {
			long until = System.nanoTime() + Math.min(SPIN_NANOS, parkNanos);
			do {
				Thread.onSpinWait();
				message = this.queue.poll();
				if (message != null) {
					return message;
				}
			}
			while (System.nanoTime() - until < 0 && !Thread.currentThread().isInterrupted());
		}
		this.parked = true;
		try {
			message = this.queue.poll();
			if (message == null) {
				if (parkNanos == Long.MAX_VALUE) {
					LockSupport.park(this);
				}
				else {
					LockSupport.parkNanos(this, parkNanos);
				}
				message = this.queue.poll();
			}
			return message;
		}
		finally {
			this.parked = false;
		}
	}

	@Nullable Object poll() {
		return this.queue.poll();
	}

}
