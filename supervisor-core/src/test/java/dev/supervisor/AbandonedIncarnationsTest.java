package dev.supervisor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.supervisor.SupervisionEvent.Type.RESTARTED;
import static dev.supervisor.SupervisionEvent.Type.RESTART_SCHEDULED;
import static dev.supervisor.SupervisionEvent.Type.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #9 item 8: Java cannot kill a thread, so an abandoned ({@code killed}) incarnation may still
 * run. A new incarnation never runs on the same instance while it does; a fresh instance starts at
 * once; the node shows the abandoned incarnations still alive.
 */
class AbandonedIncarnationsTest {

	@RegisterExtension
	final TestChildren children = new TestChildren();

	/** Ends every stubborn run at the end of a test, so no thread is left. */
	private final CountDownLatch finalWrite = new CountDownLatch(1);

	private SupervisionTree tree;

	@AfterEach
	void releaseStuckThreads() {
		this.finalWrite.countDown();
	}

	/**
	 * A worker whose final write, once it is asked to stop, ignores interrupts until released; it
	 * counts how many threads are inside it at once.
	 */
	final class Stubborn implements Worker {

		final AtomicInteger inside = new AtomicInteger();

		final AtomicInteger mostInside = new AtomicInteger();

		final AtomicInteger runs = new AtomicInteger();

		@Override
		public void run(ChildContext context) {
			this.mostInside.accumulateAndGet(this.inside.incrementAndGet(), Math::max);
			this.runs.incrementAndGet();
			try {
				try {
					new CountDownLatch(1).await();
				}
				catch (InterruptedException ex) {
					// Asked to stop: the final write ignores interrupts.
				}
				while (AbandonedIncarnationsTest.this.finalWrite.getCount() > 0) {
					try {
						AbandonedIncarnationsTest.this.finalWrite.await();
					}
					catch (InterruptedException ex) {
						// ignored, on purpose
					}
				}
			}
			finally {
				this.inside.decrementAndGet();
			}
		}

	}

	private void awaitState(String path, ChildState state) {
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> this.tree.find(path).map(NodeSnapshot::state).orElse(null) == state);
	}

	/** The input, in the engine: a singleton worker, shutdown 500ms, an operator's restart. */
	@Test
	void aRestartOfASingletonWaitsWhileItsAbandonedIncarnationIsStillInsideIt() throws Exception {
		Stubborn singleton = new Stubborn();
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(ChildSpec.worker("w", (ctx) -> singleton)
			.withShutdown(Shutdown.timeout(Duration.ofMillis(500)))));
		this.tree.start();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> singleton.runs.get() == 1);
		CompletableFuture<Outcome> restart = CompletableFuture.supplyAsync(() -> this.tree.root().forceRestartChild("w"));
		awaitState("t/w", ChildState.STOPPING);
		this.children.advance(Duration.ofMillis(500));
		Outcome outcome = restart.get(10, TimeUnit.SECONDS);
		assertThat(outcome.status()).isEqualTo(Outcome.Status.PENDING);
		assertThat(this.children.await(STOPPED, "t/w").reason()).isEqualTo(ExitReason.killed());
		SupervisionEvent waiting = this.children.await(RESTART_SCHEDULED, "t/w");
		assertThat(waiting.detail()).contains("awaiting-abandoned").contains("abandoned thread 't/w#1' still runs at")
			.contains(Stubborn.class.getName());
		NodeSnapshot node = this.tree.find("t/w").orElseThrow();
		assertThat(node.state()).isEqualTo(ChildState.RESTARTING);
		assertThat(node.restartPending()).isTrue();
		assertThat(node.incarnation()).as("no second incarnation yet").isEqualTo(1);
		assertThat(node.abandoned()).singleElement().satisfies((abandoned) -> {
			assertThat(abandoned.incarnation()).isEqualTo(1);
			assertThat(abandoned.thread()).isEqualTo("t/w#1");
		});
		assertThat(this.tree.snapshot().supervisor().abandoned()).isEqualTo(1);
		assertThat(singleton.runs.get()).isEqualTo(1);
		// The old thread leaves the instance: only now does the next incarnation enter it.
		this.finalWrite.countDown();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> singleton.runs.get() == 2);
		awaitState("t/w", ChildState.RUNNING);
		assertThat(singleton.mostInside.get()).as("threads inside the singleton at once").isEqualTo(1);
		NodeSnapshot after = this.tree.find("t/w").orElseThrow();
		assertThat(after.incarnation()).isEqualTo(2);
		assertThat(after.abandoned()).isEmpty();
		assertThat(after.restartCount()).as("an operator's restart").isZero();
		assertThat(this.tree.snapshot().supervisor().abandoned()).isZero();
	}

	@Test
	void aFreshInstanceStartsAtOnceWhileTheAbandonedOneStillRuns() throws Exception {
		AtomicInteger made = new AtomicInteger();
		java.util.concurrent.atomic.AtomicReferenceArray<Stubborn> instances = new java.util.concurrent.atomic.AtomicReferenceArray<>(
				2);
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(ChildSpec.worker("w", (ctx) -> {
			Stubborn fresh = new Stubborn();
			instances.set(made.getAndIncrement(), fresh);
			return fresh;
		}).withShutdown(Shutdown.BRUTAL_KILL)));
		this.tree.start();
		// Killed once inside its run (one killed before its thread got to it never runs at all).
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> instances.get(0) != null && instances.get(0).runs.get() == 1);
		assertThat(this.tree.root().killChild("w").isOk()).isTrue();
		this.children.await(RESTARTED, "t/w");
		NodeSnapshot node = this.tree.find("t/w").orElseThrow();
		assertThat(node.state()).isEqualTo(ChildState.RUNNING);
		assertThat(node.incarnation()).isEqualTo(2);
		assertThat(node.abandoned()).extracting(NodeSnapshot.Abandoned::incarnation).containsExactly(1L);
		this.finalWrite.countDown();
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> this.tree.find("t/w").orElseThrow().abandoned().isEmpty());
		assertThat(instances.get(0).runs.get()).isEqualTo(1);
	}

	@Test
	void aServiceWhoseFactoryReturnsTheSameObjectIsNotStartedAgainWhileItsStopStillRuns() throws Exception {
		CountDownLatch started = new CountDownLatch(2);
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostRunning = new AtomicInteger();
		Service shared = new Service() {

			@Override
			public void start(ServiceContext context) {
				mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
				started.countDown();
			}

			@Override
			public void stop(ServiceContext context) {
				// A stop that ignores interrupts until released.
				while (AbandonedIncarnationsTest.this.finalWrite.getCount() > 0) {
					try {
						AbandonedIncarnationsTest.this.finalWrite.await();
					}
					catch (InterruptedException ex) {
						// ignored, on purpose
					}
				}
				running.decrementAndGet();
			}

		};
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(ChildSpec.service("s", (ctx) -> shared)));
		this.tree.start();
		// Killed: its stop is asked for and not awaited; the supervisor restarts it (permanent).
		assertThat(this.tree.root().killChild("s").isOk()).isTrue();
		assertThat(this.children.await(RESTART_SCHEDULED, "t/s").detail()).contains("awaiting-abandoned");
		assertThat(this.tree.find("t/s").orElseThrow().state()).isEqualTo(ChildState.RESTARTING);
		this.finalWrite.countDown();
		SupervisionEvent restarted = this.children.await(RESTARTED, "t/s");
		assertThat(restarted.incarnation()).isEqualTo(2);
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(mostRunning.get()).as("never started while its abandoned stop was still running").isEqualTo(1);
		assertThat(this.tree.find("t/s").orElseThrow().restartCount()).as("the supervisor's restart counts").isEqualTo(1);
	}

	@Test
	void aRestartedSupervisorStartsASingletonChildAndTheChildrenAfterItOnlyOnceItsAbandonedIncarnationHasEnded()
			throws Exception {
		Stubborn singleton = new Stubborn();
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(
				ChildSpec.worker("w", (ctx) -> singleton).withShutdown(Shutdown.timeout(Duration.ofMillis(500))),
				this.children.service("z")))));
		this.tree.start();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> singleton.runs.get() == 1);
		CompletableFuture<Outcome> restart = CompletableFuture.supplyAsync(() -> this.tree.root().forceRestartChild("sub"));
		awaitState("t/sub/w", ChildState.STOPPING);
		this.children.advance(Duration.ofMillis(500));
		assertThat(restart.get(10, TimeUnit.SECONDS).isOk()).as("the supervisor itself runs").isTrue();
		NodeSnapshot sub = this.tree.find("t/sub").orElseThrow();
		assertThat(sub.state()).isEqualTo(ChildState.RUNNING);
		assertThat(sub.incarnation()).isEqualTo(2);
		NodeSnapshot w = sub.find("w");
		assertThat(w.state()).isEqualTo(ChildState.RESTARTING);
		assertThat(w.abandoned()).extracting(NodeSnapshot.Abandoned::incarnation).containsExactly(1L);
		NodeSnapshot z = sub.find("z");
		assertThat(z.state()).as("start order: after w").isEqualTo(ChildState.STOPPED);
		assertThat(z.restartPending()).isTrue();
		assertThat(this.children.journal("start:t/sub/z")).containsExactly("start:t/sub/z#1");
		this.finalWrite.countDown();
		awaitState("t/sub/z", ChildState.RUNNING);
		assertThat(this.tree.find("t/sub/w").orElseThrow().state()).isEqualTo(ChildState.RUNNING);
		assertThat(singleton.mostInside.get()).isEqualTo(1);
		assertThat(this.children.journal("start:t/sub/z")).containsExactly("start:t/sub/z#1", "start:t/sub/z#1");
	}

}
