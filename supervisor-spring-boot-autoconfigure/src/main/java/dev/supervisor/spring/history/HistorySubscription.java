package dev.supervisor.spring.history;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A live subscription to new events, with a bounded buffer: a subscriber that does not keep up
 * loses events (counted), and never makes a supervisor wait. Events are offered on the
 * supervisors' threads, taken on the subscriber's.
 */
public final class HistorySubscription implements AutoCloseable {

	private final ArrayBlockingQueue<HistoryEntry> queue;

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong droppedTotal = new AtomicLong();

	private final boolean resumed;

	private final Consumer<HistorySubscription> onClose;

	private volatile boolean closed;

	HistorySubscription(int capacity, boolean resumed, Consumer<HistorySubscription> onClose) {
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.resumed = resumed;
		this.onClose = onClose;
	}

	/** Offers an event without ever blocking; a full buffer drops it and counts the drop. */
	void offer(HistoryEntry entry) {
		if (!this.closed && !this.queue.offer(entry)) {
			this.dropped.incrementAndGet();
			this.droppedTotal.incrementAndGet();
		}
	}

	/**
	 * Waits for the next event.
	 * @param timeout how long to wait
	 * @return the event, or {@code null} if none came in time
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public @Nullable HistoryEntry poll(Duration timeout) throws InterruptedException {
		return this.queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Takes the events that are buffered, without waiting.
	 * @param into where they are added, oldest first
	 * @param max how many at most
	 * @return how many were taken
	 */
	public int drainTo(Collection<HistoryEntry> into, int max) {
		return this.queue.drainTo(into, max);
	}

	/**
	 * Return how many events were dropped since the last call, and starts counting again.
	 * @return the events dropped since the last call
	 */
	public long takeDropped() {
		return this.dropped.getAndSet(0);
	}

	/**
	 * Return how many events were dropped in all.
	 * @return the events dropped since the subscription began
	 */
	public long droppedTotal() {
		return this.droppedTotal.get();
	}

	/**
	 * Return how many events are buffered.
	 * @return the events buffered now
	 */
	public int buffered() {
		return this.queue.size();
	}

	/**
	 * Return the most events buffered at once.
	 * @return the buffer's capacity
	 */
	public int capacity() {
		return this.queue.size() + this.queue.remainingCapacity();
	}

	/**
	 * Whether the subscription continues an earlier one without a gap: every event after the one
	 * it was asked to resume from is buffered first. When {@code false}, the subscriber should
	 * read the current state again.
	 * @return whether it resumed without a gap
	 */
	public boolean resumed() {
		return this.resumed;
	}

	/**
	 * Whether the subscription has ended.
	 * @return whether it was closed
	 */
	public boolean isClosed() {
		return this.closed;
	}

	/** Ends the subscription: no more events are buffered. */
	@Override
	public void close() {
		if (!this.closed) {
			this.closed = true;
			this.onClose.accept(this);
		}
	}

}
