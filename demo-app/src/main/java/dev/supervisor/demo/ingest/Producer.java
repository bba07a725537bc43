package dev.supervisor.demo.ingest;

import java.util.List;
import java.util.concurrent.TimeUnit;

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
 * One producer of the {@code ingest/producers} supervisor, one per partition: sends the
 * messages its partition's {@link Spool} accepted, in batches, through
 * {@code ingest/client}, to its journal.
 * <p>
 * No accepted message is lost or written twice:
 * <ul>
 * <li>messages are accepted into the spool, a local file, not into the producer: whatever
 * becomes of an incarnation, the next one (or the next start of the application) sends what
 * the journal does not have yet;</li>
 * <li>a message leaves the spool only once the broker has written it, and the broker never
 * writes a spool's sequence twice, so sending a batch again is harmless;</li>
 * <li>a crash sends nothing more: the next incarnation sends the backlog;</li>
 * <li>asked to stop, it first sends everything accepted until then (like a
 * {@code gen_server} trapping exits runs {@code terminate/2}), going on through the stop
 * request's interrupt until its supervisor stops waiting ({@link ChildContext#abandoned()},
 * its shutdown ran out: it is reported {@code killed}); what it could not send stays in the
 * spool for the next start, and is logged.</li>
 * </ul>
 */
public final class Producer implements Worker, Crashable {

	private static final Log logger = LogFactory.getLog(Producer.class);

	private final ChildHandle<? extends IngestClient> client;

	private final Spools spools;

	private final int batchSize;

	private final long lingerNanos;

	private final long retryDelayMillis;

	/** A crash to throw, from the chaos endpoint. */
	private volatile @Nullable ChaosException crash;

	private volatile @Nullable Spool spool;

	private volatile String name = "unstarted producer";

	Producer(ChildHandle<? extends IngestClient> client, Spools spools, IngestProperties properties) {
		this.client = client;
		this.spools = spools;
		this.batchSize = properties.getBatchSize();
		this.lingerNanos = properties.getLinger().toNanos();
		this.retryDelayMillis = Math.max(1, properties.getRetryDelay().toMillis());
	}

	@Override
	public void run(ChildContext context) throws Exception {
		this.name = context.path() + "#" + context.incarnation();
		Spool spool = this.spools.get(context.path().substring(context.path().lastIndexOf('/') + 1));
		this.spool = spool;
		try {
			while (!context.stopRequested()) {
				List<Message> batch = spool.awaitBatch(this.batchSize, this.lingerNanos, () -> this.crash != null);
				ChaosException crash = this.crash;
				if (crash != null) {
					// The backlog stays in the spool: the next incarnation sends it.
					throw crash;
				}
				if (!send(spool, batch)) {
					TimeUnit.MILLISECONDS.sleep(this.retryDelayMillis);
				}
			}
		}
		catch (InterruptedException ex) {
			// Asked to stop.
		}
		flushOnTheWayOut(context, spool);
	}

	/**
	 * Sends everything the spool accepted until now, retrying refused batches, until done or
	 * until the supervisor stops waiting.
	 */
	private void flushOnTheWayOut(ChildContext context, Spool spool) {
		long upTo = spool.lastSequence();
		int pending = spool.pending(upTo);
		while (!context.abandoned()) {
			List<Message> batch = spool.head(this.batchSize, upTo);
			if (batch.isEmpty()) {
				logger.info("Producer " + this.name + " stopping: flushed its backlog of " + pending
						+ " accepted messages to the journal before exiting");
				return;
			}
			if (!send(spool, batch)) {
				try {
					TimeUnit.MILLISECONDS.sleep(this.retryDelayMillis);
				}
				catch (InterruptedException ex) {
					// The stop request's own interrupt, or the supervisor giving up: abandoned() tells.
				}
			}
		}
		int left = spool.pending(upTo);
		logger.warn("Producer " + this.name + " stopping: its supervisor stopped waiting (killed) before it could "
				+ "send " + left + " of " + pending + " accepted messages; they stay in the spool " + spool.file()
				+ " and are sent at the next start");
	}

	/**
	 * Sends a batch through the client; on success, and only then, it leaves the spool.
	 * @return whether the batch was written
	 */
	private boolean send(Spool spool, List<Message> batch) {
		try {
			this.client.run((client) -> client.send(spool.partition(), batch, this.name));
		}
		catch (ChildUnavailableException | BrokerUnavailableException ex) {
			// Nothing was written: the batch stays first in the spool and is sent again.
			if (logger.isDebugEnabled()) {
				logger.debug("Producer " + this.name + " keeps " + batch.size() + " messages: " + ex.getMessage());
			}
			return false;
		}
		spool.acknowledge(batch.get(batch.size() - 1).sequence());
		return true;
	}

	@Override
	public void crash(String reason) {
		this.crash = new ChaosException(reason);
		Spool spool = this.spool;
		if (spool != null) {
			spool.wake();
		}
	}

}
