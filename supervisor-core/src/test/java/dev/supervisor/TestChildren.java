package dev.supervisor;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Controllable children for engine tests: workers and services that record their starts and
 * stops and can be told to crash or exit; plus an event recorder.
 */
final class TestChildren {

	/** Everything the children of a test did, in order: "start:a#1", "stop:a#1", ... */
	final List<String> journal = new CopyOnWriteArrayList<>();

	/** The running incarnations' contexts by child path. */
	final ConcurrentHashMap<String, ServiceContext> services = new ConcurrentHashMap<>();

	final ConcurrentHashMap<String, ControlledWorker> workers = new ConcurrentHashMap<>();

	final BlockingQueue<SupervisionEvent> events = new LinkedBlockingQueue<>();

	final List<SupervisionEvent> allEvents = new CopyOnWriteArrayList<>();

	SupervisionListener listener() {
		return (event) -> {
			this.events.add(event);
			this.allEvents.add(event);
		};
	}

	/** A service that records start and stop and can be crashed through its context. */
	ChildSpec service(String id) {
		return ChildSpec.service(id, (ctx) -> new RecordingService());
	}

	/** A worker that blocks until stopped, crashed or told to exit. */
	ChildSpec worker(String id) {
		return ChildSpec.worker(id, (ctx) -> {
			ControlledWorker worker = new ControlledWorker();
			this.workers.put(ctx.path(), worker);
			return worker;
		});
	}

	final class RecordingService implements Service {

		@Override
		public void start(ServiceContext context) {
			TestChildren.this.journal.add("start:" + context.path() + "#" + context.incarnation());
			TestChildren.this.services.put(context.path(), context);
		}

		@Override
		public void stop(ServiceContext context) {
			TestChildren.this.journal.add("stop:" + context.path() + "#" + context.incarnation());
			TestChildren.this.services.remove(context.path(), context);
		}

	}

	final class ControlledWorker implements Worker {

		final CountDownLatch release = new CountDownLatch(1);

		volatile RuntimeException crash;

		@Override
		public void run(ChildContext context) throws Exception {
			TestChildren.this.journal.add("start:" + context.path() + "#" + context.incarnation());
			try {
				this.release.await();
				if (this.crash != null) {
					throw this.crash;
				}
			}
			finally {
				TestChildren.this.journal.add("stop:" + context.path() + "#" + context.incarnation());
			}
		}

		void crash(RuntimeException error) {
			this.crash = error;
			this.release.countDown();
		}

		void finish() {
			this.release.countDown();
		}

	}

	/** Crashes the running service at the path. */
	void crash(String path) {
		ServiceContext context = this.services.remove(path);
		assertThat(context).as("running service " + path).isNotNull();
		context.fail(new IllegalStateException("boom " + path));
	}

	/** Makes the running service at the path exit normally. */
	void exit(String path) {
		ServiceContext context = this.services.remove(path);
		assertThat(context).as("running service " + path).isNotNull();
		context.exit();
	}

	/** Waits for the next event matching the predicate, skipping others. */
	SupervisionEvent await(Predicate<SupervisionEvent> matching) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (true) {
			long left = deadline - System.nanoTime();
			SupervisionEvent event = this.events.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
			assertThat(event).as("an event matching the expectation within 10 s (seen: " + this.allEvents + ")")
				.isNotNull();
			if (matching.test(event)) {
				return event;
			}
		}
	}

	SupervisionEvent await(SupervisionEvent.Type type, String path) throws InterruptedException {
		return await((e) -> e.type() == type && e.path().equals(path));
	}

}
