package dev.supervisor.demo.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.supervisor.ChildContext;
import dev.supervisor.Worker;
import dev.supervisor.demo.chaos.ChaosException;
import dev.supervisor.demo.chaos.Crashable;
import dev.supervisor.spring.handle.ChildHandle;
import dev.supervisor.spring.handle.ChildUnavailableException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One producer of the {@code ingest/producers} supervisor, one per partition: holds a
 * bounded backlog of accepted messages and flushes it in batches, through
 * {@code ingest/client}, to its journal.
 * <p>
 * No accepted message is lost or written twice:
 * <ul>
 * <li>a message leaves the backlog only once the broker has appended its batch, and a
 * batch the broker refused left nothing in the journal, so it is simply sent again;</li>
 * <li>on its way out, asked to stop or crashed (like a {@code gen_server} trapping exits
 * runs {@code terminate/2}), the producer first closes its intake, so nothing is accepted
 * after its last flush, then flushes its whole backlog; callers reach producers through
 * handles and offer a refused message to the next incarnation;</li>
 * <li>its shutdown is long enough for that flush. Only if its supervisor stops waiting
 * (the child is reported {@code killed}) can accepted messages be lost, and that is
 * logged as an error.</li>
 * </ul>
 */
public final class Producer implements Worker, Crashable {

	private static final Log logger = LogFactory.getLog(Producer.class);

	private final ChildHandle<? extends IngestClient> client;

	private final int capacity;

	private final int batchSize;

	private final long lingerNanos;

	private final long retryDelayMillis;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	/** Accepted messages not in the journal yet, oldest first; guarded by the lock. */
	private final ArrayDeque<Accepted> backlog = new ArrayDeque<>();

	/** Whether offers are taken; guarded by the lock. */
	private boolean accepting = true;

	/** A crash to throw, from the chaos endpoint; guarded by the lock. */
	private @Nullable ChaosException crash;

	/** How many messages this incarnation wrote to the journal; guarded by the lock. */
	private long flushed;

	private volatile String name = "unstarted producer";

	Producer(ChildHandle<? extends IngestClient> client, IngestProperties properties) {
		this.client = client;
		this.capacity = properties.getBacklogCapacity();
		this.batchSize = properties.getBatchSize();
		this.lingerNanos = properties.getLinger().toNanos();
		this.retryDelayMillis = Math.max(1, properties.getRetryDelay().toMillis());
	}

	/**
	 * Offers a message: it is accepted into the backlog unless the backlog is full or the
	 * producer is on its way out.
	 * @param message the message
	 * @return what became of it
	 */
	public Offer offer(Message message) {
		this.lock.lock();
		try {
			if (!this.accepting) {
				return Offer.CLOSED;
			}
			if (this.backlog.size() >= this.capacity) {
				return Offer.FULL;
			}
			this.backlog.addLast(new Accepted(message, System.nanoTime()));
			if (this.backlog.size() == 1 || this.backlog.size() == this.batchSize) {
				this.changed.signalAll();
			}
			return Offer.ACCEPTED;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void run(ChildContext context) throws Exception {
		this.name = context.path() + "#" + context.incarnation();
		String journal = context.path().substring(context.path().lastIndexOf('/') + 1);
		RuntimeException failure = null;
		try {
			while (!context.stopRequested()) {
				List<Message> batch = awaitBatch();
				if (!send(journal, batch)) {
					Thread.sleep(this.retryDelayMillis);
				}
			}
		}
		catch (InterruptedException ex) {
			// Asked to stop.
		}
		catch (RuntimeException ex) {
			// A crash: flush what was accepted on the way out, then crash.
			failure = ex;
		}
		int pending = closeIntake();
		// The stop request's interrupt must not cut the last flush short; a second one,
		// when the supervisor stops waiting (the shutdown timeout), does.
		Thread.interrupted();
		int written = flushAll(journal);
		int lost = pending - written;
		String how = (failure != null) ? "crashed (" + failure.getMessage() + ")" : "stopping";
		if (lost > 0) {
			logger.error("Producer " + this.name + " " + how + ": abandoned by its supervisor before it could flush "
					+ lost + " of " + pending + " accepted messages");
		}
		else {
			logger.info("Producer " + this.name + " " + how + ": flushed its backlog of " + pending
					+ " accepted messages to the journal before exiting");
		}
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public void crash(String reason) {
		this.lock.lock();
		try {
			this.crash = new ChaosException(reason);
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return what this incarnation holds and has written.
	 * @return the status
	 */
	public Status status() {
		this.lock.lock();
		try {
			return new Status(this.name, this.backlog.size(), this.capacity, this.flushed, this.accepting);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits for a full batch, or for the oldest message to have waited the linger time.
	 * @return the first messages of the backlog, which stay in it until written
	 */
	private List<Message> awaitBatch() throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			while (true) {
				if (this.crash != null) {
					throw this.crash;
				}
				Accepted oldest = this.backlog.peekFirst();
				if (oldest == null) {
					this.changed.await();
					continue;
				}
				long wait = (this.backlog.size() >= this.batchSize) ? 0
						: oldest.nanos + this.lingerNanos - System.nanoTime();
				if (wait <= 0) {
					return head();
				}
				this.changed.awaitNanos(wait);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Sends a batch through the client; on success, and only then, removes it from the
	 * backlog.
	 * @return whether the batch was written
	 */
	private boolean send(String journal, List<Message> batch) {
		try {
			this.client.run((client) -> client.send(journal, batch, this.name));
		}
		catch (ChildUnavailableException | BrokerUnavailableException ex) {
			// Nothing was written: the batch stays first in the backlog and is sent again.
			if (logger.isDebugEnabled()) {
				logger.debug("Producer " + this.name + " keeps " + batch.size() + " messages: " + ex.getMessage());
			}
			return false;
		}
		this.lock.lock();
		try {
			for (int i = 0; i < batch.size(); i++) {
				this.backlog.removeFirst();
			}
			this.flushed += batch.size();
		}
		finally {
			this.lock.unlock();
		}
		return true;
	}

	private int closeIntake() {
		this.lock.lock();
		try {
			this.accepting = false;
			return this.backlog.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Flushes the whole backlog, retrying refused batches until the supervisor stops
	 * waiting (an interrupt).
	 * @return how many messages were written
	 */
	private int flushAll(String journal) {
		int written = 0;
		while (true) {
			List<Message> batch;
			this.lock.lock();
			try {
				batch = head();
			}
			finally {
				this.lock.unlock();
			}
			if (batch.isEmpty()) {
				return written;
			}
			if (send(journal, batch)) {
				written += batch.size();
				continue;
			}
			try {
				TimeUnit.MILLISECONDS.sleep(this.retryDelayMillis);
			}
			catch (InterruptedException ex) {
				// The supervisor stopped waiting: this incarnation is abandoned.
				Thread.currentThread().interrupt();
				return written;
			}
		}
	}

	/** The first messages of the backlog, at most a batch; the lock is held. */
	private List<Message> head() {
		List<Message> batch = new ArrayList<>(Math.min(this.batchSize, this.backlog.size()));
		Iterator<Accepted> iterator = this.backlog.iterator();
		while (iterator.hasNext() && batch.size() < this.batchSize) {
			batch.add(iterator.next().message);
		}
		return batch;
	}

	/**
	 * What a producer incarnation holds and has written.
	 *
	 * @param incarnation its path and incarnation number
	 * @param backlog how many accepted messages are not in the journal yet
	 * @param capacity how many it may hold
	 * @param flushed how many it wrote to the journal
	 * @param accepting whether it takes new messages
	 */
	public record Status(String incarnation, int backlog, int capacity, long flushed, boolean accepting) {

	}

	private record Accepted(Message message, long nanos) {

	}

}
