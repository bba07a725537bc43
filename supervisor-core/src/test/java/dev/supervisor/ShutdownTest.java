package dev.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.supervisor.SupervisionEvent.Type.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN §3 "Shutdown": brutal-kill, timeouts, infinity, dynamic children, killed incarnations. */
class ShutdownTest {

	@RegisterExtension
	final TestChildren children = new TestChildren();

	private SupervisionTree tree;

	private void start(ChildSpec... specs) {
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(specs), this.children.options());
		this.tree.start();
	}

	private void awaitState(String path, ChildState state) {
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> this.tree.find(path).map(NodeSnapshot::state).orElse(null) == state);
	}

	@Test
	void defaultShutdownIsFiveSecondsForWorkersAndServicesAndInfinityForSupervisors() {
		assertThat(this.children.worker("w").shutdown()).isEqualTo(Shutdown.timeout(Duration.ofSeconds(5)));
		assertThat(this.children.service("s").shutdown()).isEqualTo(Shutdown.timeout(Duration.ofSeconds(5)));
		assertThat(ChildSpec.supervisor("x", SupervisorSpec.oneForOne()).shutdown()).isEqualTo(Shutdown.INFINITY);
		assertThat(Shutdown.parse("brutal-kill")).isEqualTo(Shutdown.BRUTAL_KILL);
		assertThat(Shutdown.parse("infinity")).isEqualTo(Shutdown.INFINITY);
		assertThat(Shutdown.parse("1500ms")).isEqualTo(Shutdown.timeout(Duration.ofMillis(1500)));
		assertThat(Shutdown.parse("PT2S")).isEqualTo(Shutdown.timeout(Duration.ofSeconds(2)));
	}

	@Test
	void aChildStoppingWithinItsTimeoutEndsWithShutdown() throws Exception {
		start(this.children.service("s"));
		this.children.slowStops.put("t/s", new CountDownLatch(1));
		CompletableFuture<Outcome> terminate = CompletableFuture.supplyAsync(() -> this.tree.root().terminateChild("s"));
		// The supervisor answers snapshots while it waits: the child shows as stopping.
		awaitState("t/s", ChildState.STOPPING);
		this.children.advance(Duration.ofSeconds(4));
		this.children.slowStops.get("t/s").countDown();
		assertThat(terminate.get(10, TimeUnit.SECONDS).isOk()).isTrue();
		assertThat(this.children.await(STOPPED, "t/s").reason()).isEqualTo(ExitReason.shutdown());
		assertThat(this.children.journal("stop:")).containsExactly("stop:t/s#1");
	}

	@Test
	void aChildOverItsTimeoutIsAbandonedAsKilledAndReleasedOnlyWhenItEnds() throws Exception {
		start(this.children.service("s"));
		this.children.slowStops.put("t/s", new CountDownLatch(1));
		CompletableFuture<Outcome> terminate = CompletableFuture.supplyAsync(() -> this.tree.root().terminateChild("s"));
		awaitState("t/s", ChildState.STOPPING);
		this.children.advance(Duration.ofSeconds(5));
		assertThat(terminate.get(10, TimeUnit.SECONDS).isOk()).isTrue();
		assertThat(this.children.await(STOPPED, "t/s").reason()).isEqualTo(ExitReason.killed());
		NodeSnapshot node = this.tree.find("t/s").orElseThrow();
		assertThat(node.lastExit().reason()).isEqualTo(ExitReason.Kind.KILLED);
		assertThat(this.children.released).as("still running: not released yet").isEmpty();
		this.children.slowStops.get("t/s").countDown();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.children.released.size() == 1);
	}

	@Test
	void aKilledIncarnationIsNeverReused() throws Exception {
		start(this.children.service("s"));
		this.children.slowStops.put("t/s", new CountDownLatch(1));
		CompletableFuture<Outcome> terminate = CompletableFuture.supplyAsync(() -> this.tree.root().terminateChild("s"));
		awaitState("t/s", ChildState.STOPPING);
		this.children.advance(Duration.ofSeconds(5));
		terminate.get(10, TimeUnit.SECONDS);
		this.children.slowStops.remove("t/s").countDown();
		assertThat(this.tree.root().restartChild("s").isOk()).isTrue();
		NodeSnapshot node = this.tree.find("t/s").orElseThrow();
		assertThat(node.incarnation()).isEqualTo(2);
		assertThat(this.children.instances.get("t/s")).hasSize(2);
		// The abandoned incarnation finishing late changes nothing.
		assertThat(this.tree.root().countChildren().active()).isEqualTo(1);
		assertThat(this.tree.find("t/s").orElseThrow().state()).isEqualTo(ChildState.RUNNING);
	}

	@Test
	void aWorkerCleaningUpOnItsWayOutIsToldAbandonedOnlyWhenItsShutdownRunsOut() throws Exception {
		List<Boolean> abandonedAtEachInterrupt = new CopyOnWriteArrayList<>();
		start(ChildSpec.worker("w", (ctx) -> (context) -> cleanUpUntilAbandoned(context, abandonedAtEachInterrupt))
			.withShutdown(Shutdown.timeout(Duration.ofSeconds(5))));
		CompletableFuture<ExitReason> stop = this.tree.stopAsync();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> abandonedAtEachInterrupt.size() == 1);
		// The stop request's interrupt: the cleanup goes on through it.
		assertThat(abandonedAtEachInterrupt).containsExactly(false);
		this.children.advance(Duration.ofSeconds(4));
		assertThat(stop).isNotDone();
		this.children.advance(Duration.ofSeconds(1));
		stop.get(10, TimeUnit.SECONDS);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> abandonedAtEachInterrupt.size() == 2);
		assertThat(abandonedAtEachInterrupt).containsExactly(false, true);
		assertThat(this.tree.find("t/w").orElseThrow().lastExit().reason()).isEqualTo(ExitReason.Kind.KILLED);
	}

	@Test
	void aBrutallyKilledWorkerIsAbandonedAtItsFirstInterruptAndOneStoppedInTimeNever() throws Exception {
		List<Boolean> killed = new CopyOnWriteArrayList<>();
		List<Boolean> stopped = new CopyOnWriteArrayList<>();
		CountDownLatch running = new CountDownLatch(1);
		start(ChildSpec.worker("k", (ctx) -> (context) -> {
			running.countDown();
			cleanUpUntilAbandoned(context, killed);
		}).withShutdown(Shutdown.BRUTAL_KILL), ChildSpec.worker("s", (ctx) -> (context) -> {
				try {
					new CountDownLatch(1).await();
				}
				catch (InterruptedException ex) {
					stopped.add(context.abandoned());
				}
			}));
		assertThat(this.tree.root().terminateChild("s").isOk()).isTrue();
		assertThat(stopped).containsExactly(false);
		// Killed once its thread runs it (a worker killed before its thread got to it never runs).
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.tree.root().terminateChild("k").isOk()).isTrue();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !killed.isEmpty());
		assertThat(killed).containsExactly(true);
	}

	/** A cleanup that goes on through interrupts until its supervisor stops waiting. */
	private static void cleanUpUntilAbandoned(ChildContext context, List<Boolean> abandonedAtEachInterrupt) {
		CountDownLatch never = new CountDownLatch(1);
		while (true) {
			try {
				never.await();
			}
			catch (InterruptedException ex) {
				abandonedAtEachInterrupt.add(context.abandoned());
				if (context.abandoned()) {
					return;
				}
			}
		}
	}

	@Test
	void brutalKillInterruptsAndDoesNotWait() throws Exception {
		start(this.children.service("s").withShutdown(Shutdown.BRUTAL_KILL));
		this.children.slowStops.put("t/s", new CountDownLatch(1));
		assertThat(this.tree.root().terminateChild("s").isOk()).as("returns though the stop still blocks").isTrue();
		assertThat(this.children.await(STOPPED, "t/s").reason()).isEqualTo(ExitReason.killed());
	}

	@Test
	void infinityWaitsAsLongAsItTakesForWorkersToo() throws Exception {
		CountDownLatch cleanup = new CountDownLatch(1);
		List<String> log = new CopyOnWriteArrayList<>();
		start(ChildSpec.worker("w", (ctx) -> (context) -> {
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				cleanup.await();
				log.add("flushed");
			}
		}).withShutdown(Shutdown.INFINITY));
		CompletableFuture<Void> stop = this.tree.stopAsync().thenAccept((reason) -> log.add("tree stopped"));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.tree.state() == ChildState.STOPPING);
		this.children.advance(Duration.ofHours(1));
		assertThat(stop).isNotDone();
		cleanup.countDown();
		stop.get(10, TimeUnit.SECONDS);
		assertThat(log).containsExactly("flushed", "tree stopped");
		assertThat(this.tree.find("t/w").orElseThrow().lastExit().reason()).isEqualTo(ExitReason.Kind.SHUTDOWN);
	}

	@Test
	void staticChildrenStopOneAtATimeInReverseStartOrder() throws Exception {
		start(this.children.service("a"), this.children.service("b"), this.children.service("c"));
		this.children.slowStops.put("t/c", new CountDownLatch(1));
		CompletableFuture<ExitReason> stop = this.tree.stopAsync();
		awaitState("t/c", ChildState.STOPPING);
		assertThat(this.tree.find("t/b").orElseThrow().state()).as("waits for c before asking b").isEqualTo(ChildState.RUNNING);
		this.children.slowStops.get("t/c").countDown();
		stop.get(10, TimeUnit.SECONDS);
		assertThat(this.children.journal("stop:")).containsExactly("stop:t/c#1", "stop:t/b#1", "stop:t/a#1");
	}

	@Test
	void dynamicChildrenAreAllAskedToStopAtOnceThenAwaited() throws Exception {
		int count = 20;
		CountDownLatch allAsked = new CountDownLatch(count);
		List<String> order = new CopyOnWriteArrayList<>();
		start(ChildSpec.supervisor("dyn", SupervisorSpec.dynamic(ChildSpec.service("tpl", (ctx) -> new Service() {

			@Override
			public void start(ServiceContext context) {
			}

			@Override
			public void stop(ServiceContext context) throws InterruptedException {
				allAsked.countDown();
				// Each stop finishes only once every sibling was asked: sequential stopping would stall here.
				order.add(allAsked.await(10, TimeUnit.SECONDS) ? "stopped after all were asked" : "stopped alone");
			}

		}).withShutdown(Shutdown.INFINITY))));
		for (int i = 0; i < count; i++) {
			this.tree.supervisor("t/dyn").startDynamicChild(null, null);
		}
		this.tree.stop();
		assertThat(order).hasSize(count).containsOnly("stopped after all were asked");
		assertThat(this.children.allEvents).filteredOn((e) -> e.type() == STOPPED && e.path().startsWith("t/dyn/"))
			.hasSize(count)
			.allSatisfy((e) -> assertThat(e.reason()).isEqualTo(ExitReason.shutdown()));
	}

	@Test
	void worstCaseShutdownSumsStaticChildrenTakesTheMaxOfDynamicOnesAndInfinityPropagates() {
		ChildSpec fiveSeconds = this.children.service("a");
		ChildSpec twoSeconds = this.children.service("b").withShutdown(Shutdown.timeout(Duration.ofSeconds(2)));
		StaticSupervisorSpec nested = SupervisorSpec.oneForOne(fiveSeconds, twoSeconds);
		assertThat(ShutdownBudget.worstCase(nested)).contains(Duration.ofSeconds(7));
		assertThat(ShutdownBudget.worstCase(SupervisorSpec.oneForOne(fiveSeconds,
				ChildSpec.supervisor("sub", nested), ChildSpec.supervisor("dyn", SupervisorSpec.dynamic(twoSeconds)))))
			.contains(Duration.ofSeconds(14));
		assertThat(ShutdownBudget.worstCase(SupervisorSpec.oneForOne(fiveSeconds,
				ChildSpec.supervisor("sub", nested).withShutdown(Shutdown.timeout(Duration.ofSeconds(3))))))
			.as("a supervisor's own timeout caps its subtree").contains(Duration.ofSeconds(8));
		assertThat(ShutdownBudget.worstCase(SupervisorSpec.oneForOne(fiveSeconds,
				this.children.worker("w").withShutdown(Shutdown.INFINITY)))).isEmpty();
		assertThat(ShutdownBudget.worstCase(SupervisorSpec.oneForOne(
				this.children.worker("w").withShutdown(Shutdown.BRUTAL_KILL)))).contains(Duration.ZERO);
	}

}
