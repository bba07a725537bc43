package dev.supervisor.spring.handle;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import dev.supervisor.ChildContext;
import dev.supervisor.ChildFactory;
import dev.supervisor.ChildKind;
import dev.supervisor.ChildSpec;
import dev.supervisor.ChildState;
import dev.supervisor.RestartType;
import dev.supervisor.Shutdown;
import dev.supervisor.SupervisionTree;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.Threads;
import dev.supervisor.TreeOptions;
import dev.supervisor.Worker;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16 kind D: a stop or a call never reaches the wrong incarnation. The real engine runs
 * a worker tracked for handles; a thread factory holds back the thread of one incarnation, as
 * a busy machine may, so that it runs only after later incarnations.
 */
class IncarnationGuardTests {

	private static final String PATH = "t/w";

	private static final Duration BOUND = Duration.ofSeconds(10);

	private final IncarnationSlots slots = new IncarnationSlots();

	private final HeldBack threads = new HeldBack(Threads.platform());

	/** The worker instance of each incarnation, by number. */
	private final Map<Long, Connection> instances = new ConcurrentHashMap<>();

	private final Map<Long, Connection> released = new ConcurrentHashMap<>();

	/** The first incarnation ignores interrupts until this opens, so it is abandoned, not stopped. */
	private final CountDownLatch stuck = new CountDownLatch(1);

	private SupervisionTree tree;

	@BeforeEach
	void start() {
		ChildFactory<Worker> connections = new ChildFactory<>() {

			@Override
			public Worker create(ChildContext context) {
				Connection connection = new Connection(context.incarnation());
				IncarnationGuardTests.this.instances.put(context.incarnation(), connection);
				return connection;
			}

			@Override
			public void release(Worker instance) {
				Connection connection = (Connection) instance;
				IncarnationGuardTests.this.released.put(connection.incarnation, connection);
			}

		};
		ChildSpec worker = new ChildSpec("w", ChildKind.WORKER,
				new TrackingChildFactory(connections, ChildKind.WORKER, this.slots), null, RestartType.PERMANENT,
				Shutdown.BRUTAL_KILL, false, null, null);
		this.tree = SupervisionTree.create("t", SupervisorSpec.oneForOne(worker),
				TreeOptions.defaults().withReports(false).withThreadFactory(this.threads));
		this.tree.start();
		assertThat(acquire()).isSameAs(this.instances.get(1L));
	}

	@AfterEach
	void stop() {
		this.stuck.countDown();
		this.threads.release();
		assertThat(this.tree.stopAsync()).succeedsWithin(BOUND);
	}

	@Test
	void anIncarnationKilledBeforeItsThreadRanNeverOpensOverALaterOne() {
		// #1 is abandoned; #2's thread is held back; #2 is killed in turn and #3 runs.
		this.threads.holdNext();
		assertThat(this.tree.root().forceRestartChild("w").isOk()).isTrue();
		this.threads.awaitHeld();
		assertThat(this.tree.root().forceRestartChild("w").isOk()).isTrue();
		assertThat(acquire()).isSameAs(this.instances.get(3L));
		// Now #2's thread gets to run, long after it was killed.
		this.threads.release();
		await().atMost(BOUND).until(() -> this.released.containsKey(2L));
		assertThat(this.tree.find(PATH).orElseThrow().state()).isEqualTo(ChildState.RUNNING);
		assertThat(this.tree.find(PATH).orElseThrow().incarnation()).isEqualTo(3);
		assertThat(acquire()).as("calls reach the running incarnation").isSameAs(this.instances.get(3L));
	}

	@Test
	void aCallNeverReachesAWorkerIncarnationThatWasAskedToStop() {
		this.threads.holdNext();
		assertThat(this.tree.root().forceRestartChild("w").isOk()).isTrue();
		this.threads.awaitHeld();
		// #1 still runs (it ignores its interrupt) but was abandoned; #2 has not run yet.
		CompletableFuture<Connection> call = CompletableFuture.supplyAsync(this::acquire);
		await().atMost(BOUND).until(() -> call.isDone() || this.slots.waiting(PATH) == 1);
		assertThat(call).as("waits for the next incarnation").isNotDone();
		this.threads.release();
		assertThat(call).succeedsWithin(BOUND).isSameAs(this.instances.get(2L));
	}

	@Test
	void aStaleIncarnationPastTheEnginesCheckNeitherOpensNorClosesOverALaterOne() {
		// The race the engine cannot close: #2's thread started its run just before #2 was killed.
		Incarnation late = new Incarnation(2);
		Incarnation current = new Incarnation(3);
		IncarnationSlots slots = new IncarnationSlots();
		IncarnationSlots.Generation third = slots.open("p", "#3", current);
		late.stopRequested = true;
		IncarnationSlots.Generation second = slots.open("p", "#2", late);
		assertThat(slots.isOpen("p")).isTrue();
		slots.close(second, true);
		IncarnationSlots.Generation reached = slots.acquire("p", slots.version(), System.nanoTime(), Duration.ZERO, 1,
				(why) -> new ChildUnavailableException("p", "unknown", why));
		slots.release(reached);
		assertThat(reached).isSameAs(third);
	}

	/** Takes the open incarnation for one call, as a handle does, and gives it back. */
	private Connection acquire() {
		IncarnationSlots.Generation generation = this.slots.acquire(PATH, this.slots.version(),
				System.nanoTime() + BOUND.toNanos(), BOUND, 10, (why) -> new ChildUnavailableException(PATH, "unknown", why));
		this.slots.release(generation);
		return (Connection) generation.target();
	}

	/** A worker that holds a connection until it is interrupted (the first one: until the test ends). */
	final class Connection implements Worker {

		final long incarnation;

		Connection(long incarnation) {
			this.incarnation = incarnation;
		}

		@Override
		public void run(ChildContext context) throws InterruptedException {
			if (this.incarnation == 1) {
				while (true) {
					try {
						IncarnationGuardTests.this.stuck.await();
						return;
					}
					catch (InterruptedException ex) {
						// Ignored: this incarnation has to be abandoned.
					}
				}
			}
			new CountDownLatch(1).await();
		}

	}

	/** What a tracked child knows of its incarnation: here, only whether it was asked to stop. */
	static final class Incarnation implements ChildContext {

		private final long number;

		volatile boolean stopRequested;

		Incarnation(long number) {
			this.number = number;
		}

		@Override
		public String path() {
			return "p";
		}

		@Override
		public long incarnation() {
			return this.number;
		}

		@Override
		public Object argument() {
			return null;
		}

		@Override
		public boolean stopRequested() {
			return this.stopRequested;
		}

	}

	/** A thread factory that can hold back the task of the next thread it makes until released. */
	static final class HeldBack implements ThreadFactory {

		private final ThreadFactory delegate;

		private volatile boolean holdNext;

		private final CountDownLatch held = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		HeldBack(ThreadFactory delegate) {
			this.delegate = delegate;
		}

		void holdNext() {
			this.holdNext = true;
		}

		void awaitHeld() {
			try {
				assertThat(this.held.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).as("a thread was held back").isTrue();
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		}

		void release() {
			this.released.countDown();
		}

		@Override
		public Thread newThread(Runnable task) {
			if (!this.holdNext) {
				return this.delegate.newThread(task);
			}
			this.holdNext = false;
			this.held.countDown();
			return this.delegate.newThread(() -> {
				try {
					this.released.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				task.run();
			});
		}

	}

}
