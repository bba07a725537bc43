package dev.supervisor.demo.relay;

import dev.supervisor.ChildContext;
import dev.supervisor.Worker;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A (simulated) outbox relay: forwards a batch every second. Two relays at once would send
 * every message twice, so its tree is a cluster singleton; the log shows which replica
 * relays.
 */
public class OutboxRelay implements Worker {

	private static final Log logger = LogFactory.getLog(OutboxRelay.class);

	private final String replica;

	OutboxRelay(String replica) {
		this.replica = replica;
	}

	@Override
	public void run(ChildContext context) throws InterruptedException {
		logger.info("Outbox relay started on replica " + this.replica);
		long batch = 0;
		try {
			while (!context.stopRequested()) {
				Thread.sleep(1000);
				logger.info("Outbox relay on replica " + this.replica + " relayed batch " + (++batch));
			}
		}
		finally {
			logger.info("Outbox relay stopped on replica " + this.replica + " after " + batch + " batches");
		}
	}

}
