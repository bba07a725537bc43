package dev.supervisor.demo.facts;

import dev.supervisor.ChildContext;
import dev.supervisor.Worker;
import dev.supervisor.demo.chaos.ChaosException;
import dev.supervisor.demo.chaos.Crashable;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A consumer of facts ({@code facts/consumers/ledger}, {@code facts/consumers/audit}):
 * applies every fact in order from where it last committed. It may not skip a fact, so a
 * poison fact makes it crash. It is {@code temporary} and {@code significant}: it is
 * never restarted into the same poison, and its exit stops its whole group.
 */
public final class FactConsumer implements Worker, Crashable {

	private static final Log logger = LogFactory.getLog(FactConsumer.class);

	private final FactLog log;

	private volatile @Nullable ChaosException crash;

	private volatile @Nullable Thread runner;

	FactConsumer(FactLog log) {
		this.log = log;
	}

	@Override
	public void run(ChildContext context) throws Exception {
		String id = context.path().substring(context.path().lastIndexOf('/') + 1);
		this.runner = Thread.currentThread();
		long offset = this.log.progress(id).next();
		try {
			while (true) {
				ChaosException crash = this.crash;
				if (crash != null) {
					throw crash;
				}
				Fact fact = this.log.await(offset);
				if (fact.poison() && !fact.dropped()) {
					throw new PoisonFactException(context.path(), fact);
				}
				if (fact.dropped()) {
					logger.warn("Consumer " + context.path() + " skips fact #" + fact.offset()
							+ ": an operator dropped it");
				}
				this.log.commit(id, fact);
				offset++;
			}
		}
		catch (InterruptedException ex) {
			ChaosException crash = this.crash;
			if (crash != null) {
				throw crash;
			}
			// Asked to stop.
		}
	}

	@Override
	public void crash(String reason) {
		this.crash = new ChaosException(reason);
		Thread runner = this.runner;
		if (runner != null) {
			runner.interrupt();
		}
	}

}
