package dev.supervisor.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * The mailbox of one supervisor: many senders, one receiver (the supervisor's thread), which
 * parks while it is empty.
 */
final class Mailbox {

	private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();

	private volatile @Nullable Thread receiver;

	private volatile boolean parked;

	void bind(Thread receiver) {
		this.receiver = receiver;
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
