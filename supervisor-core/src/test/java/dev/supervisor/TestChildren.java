package dev.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Controllable children for engine tests: workers and services that write their starts and
 * stops to a journal and can be told to crash, exit, fail or decline their start, or stop slowly;
 * plus an event recorder, a manual clock and a thread-leak check. Registered as an extension, it
 * stops every tree it created after each test and checks that none of their threads is left.
 */
final class TestChildren implements AfterEachCallback {

	private final List<SupervisionTree> trees = new CopyOnWriteArrayList<>();

	/** A tree on this fixture's options (manual clock), stopped and checked after the test. */
	SupervisionTree create(String name, SupervisorSpec spec) {
		return create(name, spec, options());
	}

	/** A tree on the given options, stopped and checked after the test. */
	SupervisionTree create(String name, SupervisorSpec spec, TreeOptions options) {
		SupervisionTree tree = SupervisionTree.create(name, spec, options);
		this.trees.add(tree);
		return tree;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		// Slow stops would hold the trees up: release them first.
		this.slowStops.values().forEach(CountDownLatch::countDown);
		for (int i = this.trees.size() - 1; i >= 0; i--) {
			SupervisionTree tree = this.trees.get(i);
			// Bounded: a tree that cannot stop fails the test instead of hanging the build.
			assertThat(tree.stopAsync()).as("tree '" + tree.name() + "' stops after the test")
				.succeedsWithin(Duration.ofSeconds(30));
		}
		if (!this.trees.isEmpty()) {
			assertNoThreadsLeft(this.trees.stream().map(SupervisionTree::name).toArray(String[]::new));
		}
	}

	/** What the children did, in order: "start:t/a#1", "stop:t/a#1", ... */
	final List<String> journal = new CopyOnWriteArrayList<>();

	/** The running service incarnations by path. */
	final Map<String, ServiceContext> services = new ConcurrentHashMap<>();

	/** The latest worker instance by path. */
	final Map<String, ControlledWorker> workers = new ConcurrentHashMap<>();

	/** Every instance a factory made, by path, to check freshness. */
	final Map<String, List<Object>> instances = new ConcurrentHashMap<>();

	/** Paths whose next N starts fail. */
	final Map<String, AtomicInteger> failingStarts = new ConcurrentHashMap<>();

	/** Paths whose starts are declined (OTP ignore). */
	final Set<String> ignoredStarts = ConcurrentHashMap.newKeySet();

	/** Paths whose stop blocks until the latch is released. */
	final Map<String, CountDownLatch> slowStops = new ConcurrentHashMap<>();

	/** Released instances by path. */
	final List<String> released = new CopyOnWriteArrayList<>();

	final BlockingQueue<SupervisionEvent> events = new LinkedBlockingQueue<>();

	final List<SupervisionEvent> allEvents = new CopyOnWriteArrayList<>();

	final ManualClock clock = new ManualClock();

	/** Options with this fixture's listener, a manual clock, and the threads CI asks for. */
	TreeOptions options() {
		return realTimeOptions().withClock(this.clock);
	}

	/** Every thread the tree's thread factory made (virtual threads are not listed by the JVM). */
	final List<Thread> threads = new CopyOnWriteArrayList<>();

	/** Options with this fixture's listener, the system clock, and the threads CI asks for. */
	TreeOptions realTimeOptions() {
		// CI runs the core tests once more on Java 21+ with virtual threads.
		ThreadFactory base = "virtual".equals(System.getProperty("supervision.test.threads")) ? Threads.virtual()
				: Threads.platform();
		return TreeOptions.defaults().withReports(false).withListener((event) -> {
			this.events.add(event);
			this.allEvents.add(event);
		}).withThreadFactory((task) -> {
			Thread thread = base.newThread(task);
			this.threads.add(thread);
			return thread;
		});
	}

	ChildSpec service(String id) {
		return ChildSpec.service(id, new ChildFactory<Service>() {

			@Override
			public Service create(ChildContext context) {
				return TestChildren.this.create(context, new RecordingService());
			}

			@Override
			public void release(Service instance) {
				TestChildren.this.released.add(instance.toString());
			}

		});
	}

	ChildSpec worker(String id) {
		return ChildSpec.worker(id, (context) -> {
			ControlledWorker worker = create(context, new ControlledWorker());
			if (worker != null) {
				this.workers.put(context.path(), worker);
			}
			return worker;
		});
	}

	private <T> T create(ChildContext context, T instance) {
		AtomicInteger failures = this.failingStarts.get(context.path());
		if (failures != null && failures.getAndDecrement() > 0) {
			this.journal.add("failed:" + context.path() + "#" + context.incarnation());
			throw new IllegalStateException("start of " + context.path() + " refused");
		}
		if (this.ignoredStarts.contains(context.path())) {
			return null;
		}
		this.instances.computeIfAbsent(context.path(), (p) -> new CopyOnWriteArrayList<>()).add(instance);
		return instance;
	}

	final class RecordingService implements Service {

		@Override
		public void start(ServiceContext context) {
			TestChildren.this.journal.add("start:" + context.path() + "#" + context.incarnation());
			TestChildren.this.services.put(context.path(), context);
		}

		@Override
		public void stop(ServiceContext context) throws InterruptedException {
			CountDownLatch slow = TestChildren.this.slowStops.get(context.path());
			if (slow != null) {
				// A stop that ignores interrupts: only the latch ends it.
				awaitIgnoringInterrupts(slow);
			}
			TestChildren.this.journal.add("stop:" + context.path() + "#" + context.incarnation());
			TestChildren.this.services.remove(context.path(), context);
		}

	}

	final class ControlledWorker implements Worker {

		final CountDownLatch release = new CountDownLatch(1);

		volatile RuntimeException crash;

		volatile boolean interrupted;

		@Override
		public void run(ChildContext context) throws Exception {
			TestChildren.this.journal.add("start:" + context.path() + "#" + context.incarnation());
			try {
				this.release.await();
				if (this.crash != null) {
					throw this.crash;
				}
			}
			catch (InterruptedException ex) {
				this.interrupted = context.stopRequested();
				throw ex;
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

	/**
	 * Waits for the latch as user code that ignores interrupts does (Java cannot kill a thread); the
	 * interrupt status is kept for the caller.
	 */
	static void awaitIgnoringInterrupts(CountDownLatch latch) {
		boolean interrupted = false;
		while (latch.getCount() > 0) {
			try {
				latch.await();
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	/** Crashes the running service at the path. */
	ServiceContext crash(String path) {
		ServiceContext context = this.services.remove(path);
		assertThat(context).as("running service " + path).isNotNull();
		context.fail(new IllegalStateException("boom " + path));
		return context;
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

	/** The journal entries that start with the prefix, in order. */
	List<String> journal(String prefix) {
		return this.journal.stream().filter((entry) -> entry.startsWith(prefix)).toList();
	}

	void advance(Duration duration) {
		this.clock.advance(duration);
	}

	/**
	 * Waits until every thread the tree made has ended, and checks each was named after a node of
	 * the tree.
	 */
	void assertNoThreadsLeft(String... treeNames) {
		String names = java.util.Arrays.stream(treeNames).map(java.util.regex.Pattern::quote)
			.collect(java.util.stream.Collectors.joining("|"));
		assertThat(this.threads).allSatisfy((thread) -> assertThat(thread.getName()).as("thread name")
			.matches("(" + names + ")([/#].*)?"));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		List<String> alive;
		do {
			alive = this.threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
			if (alive.isEmpty()) {
				return;
			}
			Thread.onSpinWait();
		}
		while (System.nanoTime() < deadline);
		assertThat(alive).as("threads of " + java.util.Arrays.toString(treeNames) + " still alive after they stopped")
			.isEmpty();
	}

}
