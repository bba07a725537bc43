package dev.supervisor.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import dev.supervisor.ChildContext;
import dev.supervisor.ChildSpec;
import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.Worker;

/**
 * Children that do nothing once started, as the anchors' idle workers: they count their starts
 * and stops so a scenario can wait for all of them and check that none was lost.
 */
final class IdleChildren {

	private volatile CountDownLatch ready = new CountDownLatch(0);

	private final LongAdder stopped = new LongAdder();

	/**
	 * Expects {@code count} starts from now on and forgets earlier stops.
	 * @param count how many children will start
	 */
	void expect(int count) {
		this.ready = new CountDownLatch(count);
		this.stopped.reset();
	}

	/** Waits until the expected children have all run their first statement. */
	void awaitReady() throws InterruptedException {
		if (!this.ready.await(300, TimeUnit.SECONDS)) {
			throw new IllegalStateException("only " + this.ready.getCount() + " children left to start after 300 s");
		}
	}

	long stopped() {
		return this.stopped.sum();
	}

	/**
	 * The spec of an idle child.
	 * @param id the child's id (a dynamic supervisor's template id)
	 * @param type service or worker
	 */
	ChildSpec spec(String id, ChildType type) {
		return switch (type) {
			case SERVICE -> ChildSpec.service(id, (ctx) -> new IdleService(this));
			case WORKER -> ChildSpec.worker(id, (ctx) -> new IdleWorker(this));
		};
	}

	/** A service with an empty start and stop. */
	static final class IdleService implements Service {

		private final IdleChildren census;

		IdleService(IdleChildren census) {
			this.census = census;
		}

		@Override
		public void start(ServiceContext context) {
			this.census.ready.countDown();
		}

		@Override
		public void stop(ServiceContext context) {
			this.census.stopped.increment();
		}

	}

	/** A worker that parks until it is asked to stop (a gen_server waiting in receive). */
	static final class IdleWorker implements Worker {

		private final IdleChildren census;

		IdleWorker(IdleChildren census) {
			this.census = census;
		}

		@Override
		public void run(ChildContext context) {
			this.census.ready.countDown();
			try {
				while (!context.stopRequested()) {
					LockSupport.park(this);
				}
			}
			finally {
				this.census.stopped.increment();
			}
		}

	}

}
