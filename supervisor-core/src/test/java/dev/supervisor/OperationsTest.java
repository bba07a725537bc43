package dev.supervisor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** DESIGN §3 "Operations": typed outcomes for every ordinary refusal, served through the mailbox. */
class OperationsTest {

	@RegisterExtension
	final TestChildren children = new TestChildren();

	private SupervisionTree tree;

	private SupervisorHandle root;

	@BeforeEach
	void startTree() {
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("a"),
				this.children.worker("w"), ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(this.children.service("x")))),
				this.children.options());
		this.tree.start();
		this.root = this.tree.root();
	}

	@Test
	void startChildAppendsAndStartsANewChildAndRefusesADuplicateId() {
		Outcome started = this.root.startChild(this.children.service("b"));
		assertThat(started.isOk()).isTrue();
		assertThat(started.path()).isEqualTo("t/b");
		assertThat(this.root.whichChildren()).extracting(ChildInfo::id).containsExactly("a", "w", "sub", "b");
		assertThat(this.root.startChild(this.children.service("b")).status()).as("OTP already_started")
			.isEqualTo(Outcome.Status.RUNNING);
		this.root.terminateChild("b");
		assertThat(this.root.startChild(this.children.service("b")).status()).isEqualTo(Outcome.Status.ALREADY_PRESENT);
		assertThat(this.root.startChild(this.children.service("bad/id")).status()).isEqualTo(Outcome.Status.INVALID);
	}

	@Test
	void startChildThatFailsIsNotKept() {
		this.children.failingStarts.put("t/b", new java.util.concurrent.atomic.AtomicInteger(1));
		Outcome failed = this.root.startChild(this.children.service("b"));
		assertThat(failed.status()).isEqualTo(Outcome.Status.START_FAILED);
		assertThat(failed.error()).hasMessageContaining("refused");
		assertThat(this.root.getChildSpec("b")).isEmpty();
	}

	@Test
	void terminateKeepsTheSpecAndRestartChildStartsOnlyAStoppedChild() {
		assertThat(this.root.restartChild("a").status()).isEqualTo(Outcome.Status.RUNNING);
		assertThat(this.root.terminateChild("a").isOk()).isTrue();
		assertThat(this.root.getChildSpec("a")).isPresent();
		assertThat(this.root.countChildren()).isEqualTo(new ChildCounts(3, 2, 1, 2));
		assertThat(this.root.restartChild("a").isOk()).isTrue();
		assertThat(this.tree.find("t/a").orElseThrow().incarnation()).isEqualTo(2);
		assertThat(this.root.restartChild("nope").status()).isEqualTo(Outcome.Status.NOT_FOUND);
		assertThat(this.root.terminateChild("nope").status()).isEqualTo(Outcome.Status.NOT_FOUND);
	}

	@Test
	void deleteChildRefusesARunningChildAndRemovesAStoppedOne() {
		assertThat(this.root.deleteChild("a").status()).isEqualTo(Outcome.Status.RUNNING);
		this.root.terminateChild("a");
		assertThat(this.root.deleteChild("a").isOk()).isTrue();
		assertThat(this.root.deleteChild("a").status()).isEqualTo(Outcome.Status.NOT_FOUND);
		assertThat(this.root.whichChildren()).extracting(ChildInfo::id).containsExactly("w", "sub");
	}

	@Test
	void deleteOfAChildWhoseRestartIsPendingIsRefusedUntilItIsTerminated() throws Exception {
		SupervisionTree backingOff = this.children.create("r", SupervisorSpec.oneForOne(this.children.service("b")
			.withBackoff(Backoff.exponential(Duration.ofMinutes(1), Duration.ofMinutes(1))))
			.withIntensity(10, Duration.ofMinutes(1)));
		backingOff.start();
		SupervisorHandle r = backingOff.root();
		this.children.crash("r/b");
		this.children.await(SupervisionEvent.Type.RESTART_SCHEDULED, "r/b");
		// OTP 25 delete_child/2 on a restarting child: {error, restarting}.
		Outcome deleted = r.deleteChild("b");
		assertThat(deleted.status()).isEqualTo(Outcome.Status.RESTARTING);
		assertThat(deleted.message()).contains("terminate it first");
		assertThat(r.getChildSpec("b")).isPresent();
		assertThat(r.restartChild("b").status()).isEqualTo(Outcome.Status.RESTARTING);
		assertThat(r.startChild(this.children.service("b")).status()).as("OTP already_present")
			.isEqualTo(Outcome.Status.ALREADY_PRESENT);
		assertThat(r.whichChildren()).extracting(ChildInfo::state).containsExactly(ChildState.RESTARTING);
		assertThat(r.countChildren().active()).isZero();
		// The operator terminates first, which cancels the pending restart, then deletes.
		assertThat(r.terminateChild("b").isOk()).isTrue();
		assertThat(r.deleteChild("b").isOk()).isTrue();
		this.children.advance(Duration.ofMinutes(1));
		assertThat(r.whichChildren()).isEmpty();
		assertThat(this.children.journal("start:r/b")).containsExactly("start:r/b#1");
	}

	@Test
	void deleteOfAChildWaitingForItsDelayedRestartIsRefusedToo() throws Exception {
		SupervisionTree delayed = this.children.create("d", SupervisorSpec.oneForOne(this.children.service("b")
			.withDelayOnMaxIntensity(Duration.ofMinutes(1))).withIntensity(0, Duration.ofMinutes(1)));
		delayed.start();
		this.children.crash("d/b");
		this.children.await(SupervisionEvent.Type.RESTART_SCHEDULED, "d/b");
		assertThat(delayed.root().deleteChild("b").status()).isEqualTo(Outcome.Status.RESTARTING);
		assertThat(delayed.root().terminateChild("b").isOk()).isTrue();
		assertThat(delayed.root().deleteChild("b").isOk()).isTrue();
	}

	@Test
	void killEndsAWorkerAtOnceWithoutWaitingAndItsSupervisorRestartsItAsAnAbnormalExit() throws Exception {
		java.util.concurrent.CountDownLatch unblock = new java.util.concurrent.CountDownLatch(1);
		SupervisionTree stubborn = this.children.create("k", SupervisorSpec.oneForOne(ChildSpec.worker("w",
				(ctx) -> (context) -> {
					// Ignores interrupts: only the latch ends it.
					while (unblock.getCount() > 0) {
						try {
							unblock.await();
						}
						catch (InterruptedException ex) {
							// stays
						}
					}
				}).withRestart(RestartType.TRANSIENT)).withIntensity(5, Duration.ofMinutes(1)));
		stubborn.start();
		try {
			Outcome killed = stubborn.root().killChild("w");
			assertThat(killed.isOk()).isTrue();
			SupervisionEvent exited = this.children.await(SupervisionEvent.Type.EXITED, "k/w");
			assertThat(exited.reason().kind()).isEqualTo(ExitReason.Kind.KILLED);
			assertThat(exited.reason().detail()).isEqualTo("killed by operator");
			// killed is abnormal: even a transient child is restarted, and the restart counts.
			this.children.await(SupervisionEvent.Type.RESTARTED, "k/w");
			NodeSnapshot node = stubborn.find("k/w").orElseThrow();
			assertThat(node.incarnation()).isEqualTo(2);
			assertThat(node.lastExit().reason()).isEqualTo(ExitReason.Kind.KILLED);
			assertThat(stubborn.snapshot().supervisor().restartsInWindow()).isEqualTo(1);
		}
		finally {
			unblock.countDown();
		}
	}

	@Test
	void killOfANestedSupervisorKillsItsSubtreeAndItIsRestarted() throws Exception {
		assertThat(this.root.killChild("sub").isOk()).isTrue();
		assertThat(this.children.await(SupervisionEvent.Type.EXITED, "t/sub").reason().kind())
			.isEqualTo(ExitReason.Kind.KILLED);
		this.children.await(SupervisionEvent.Type.RESTARTED, "t/sub");
		assertThat(this.tree.find("t/sub").orElseThrow().incarnation()).isEqualTo(2);
		assertThat(this.tree.find("t/sub/x").orElseThrow().state()).isEqualTo(ChildState.RUNNING);
		assertThat(this.children.journal("start:t/sub/x")).hasSize(2);
	}

	@Test
	void killOfAChildThatIsNotRunningIsRefused() {
		this.root.terminateChild("a");
		assertThat(this.root.killChild("a").status()).isEqualTo(Outcome.Status.NOT_RUNNING);
		assertThat(this.root.killChild("nope").status()).isEqualTo(Outcome.Status.NOT_FOUND);
	}

	@Test
	void forceRestartStopsAndStartsInOneStepWithoutCounting() {
		Outcome outcome = this.root.forceRestartChild("sub");
		assertThat(outcome.isOk()).isTrue();
		assertThat(this.children.journal).containsSubsequence("stop:t/sub/x#1", "start:t/sub/x#1");
		assertThat(this.tree.find("t/sub").orElseThrow().incarnation()).isEqualTo(2);
		assertThat(this.tree.find("t/sub").orElseThrow().restartCount()).isZero();
		assertThat(this.tree.snapshot().supervisor().restartsInWindow()).isZero();
	}

	@Test
	void handlesFindNestedSupervisorsByPathAndFollowThemAcrossRestarts() {
		SupervisorHandle sub = this.tree.supervisor("t/sub");
		assertThat(sub.whichChildren()).extracting(ChildInfo::id).containsExactly("x");
		this.root.forceRestartChild("sub");
		assertThat(sub.startChild(this.children.service("y")).isOk()).as("reaches the new incarnation").isTrue();
		assertThat(this.tree.find("t/sub/y")).isPresent();
		assertThat(this.tree.supervisor("t/nope").terminateChild("x").status()).isEqualTo(Outcome.Status.SUPERVISOR_DOWN);
		assertThat(this.tree.find("t/sub/nope")).isEmpty();
		assertThat(this.tree.find("other/sub")).isEmpty();
	}

	@Test
	void aListenerMayTakeASnapshotOnTheSupervisorsOwnThread() throws Exception {
		CompletableFuture<NodeSnapshot> seen = new CompletableFuture<>();
		SupervisionTree[] holder = new SupervisionTree[1];
		SupervisionTree other = this.children.create("o", SupervisorSpec.oneForOne(this.children.service("a")),
				TreeOptions.defaults().withReports(false).withListener((event) -> {
					if (event.type() == SupervisionEvent.Type.STARTED && holder[0] != null) {
						seen.complete(holder[0].snapshot());
					}
				}));
		holder[0] = other;
		other.start();
		other.root().forceRestartChild("a");
		assertThat(seen.get(10, TimeUnit.SECONDS).find("a")).isNotNull();
		other.stop();
	}

	@Test
	void callingASupervisorFromItsOwnThreadFailsFastInsteadOfDeadlocking() throws Exception {
		CompletableFuture<Throwable> seen = new CompletableFuture<>();
		Outcome outcome = this.root.startChild(ChildSpec.service("selfish", (ctx) -> new Service() {

			@Override
			public void start(ServiceContext context) {
				try {
					OperationsTest.this.root.countChildren();
					seen.complete(null);
				}
				catch (Throwable ex) {
					seen.complete(ex);
				}
			}

			@Override
			public void stop(ServiceContext context) {
			}

		}));
		assertThat(outcome.isOk()).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> {
			throw seen.get(10, TimeUnit.SECONDS);
		}).withMessageContaining("own thread");
	}

}
