package dev.supervisor;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.supervisor.SupervisionEvent.Type.GAVE_UP;
import static dev.supervisor.SupervisionEvent.Type.RESTARTED;
import static dev.supervisor.SupervisionEvent.Type.RESTART_SCHEDULED;
import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN §3 "Restart delay and backoff", on a manual clock. */
class BackoffTest {

	@RegisterExtension
	final TestChildren children = new TestChildren();

	private SupervisionTree tree;

	private void start(StaticSupervisorSpec spec) {
		this.tree = this.children.create("t", spec, this.children.options().withRandom(() -> 0.5));
		this.tree.start();
	}

	private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofMillis(350), 0.2,
			Duration.ofSeconds(60));

	@Test
	void delaysDoubleUpToTheMaximumWithJitterOnTop() {
		assertThat(BACKOFF.delayNanos(0, 0.0)).isEqualTo(Duration.ofMillis(100).toNanos());
		assertThat(BACKOFF.delayNanos(1, 0.0)).isEqualTo(Duration.ofMillis(200).toNanos());
		assertThat(BACKOFF.delayNanos(2, 0.0)).isEqualTo(Duration.ofMillis(350).toNanos());
		assertThat(BACKOFF.delayNanos(1, 0.5)).isEqualTo(Duration.ofMillis(220).toNanos());
		assertThat(BACKOFF.delayNanos(70, 1.0)).as("no overflow").isEqualTo(Duration.ofMillis(420).toNanos());
	}

	@Test
	void aCrashedChildWaitsItsBackoffAsRestartingWithTheNextAttemptVisible() throws Exception {
		start(SupervisorSpec.oneForOne(this.children.service("a").withBackoff(BACKOFF)).withIntensity(10, Duration.ofSeconds(60)));
		this.children.crash("t/a");
		SupervisionEvent scheduled = this.children.await(RESTART_SCHEDULED, "t/a");
		assertThat(scheduled.duration()).isEqualTo(Duration.ofMillis(110));
		NodeSnapshot node = this.tree.find("t/a").orElseThrow();
		assertThat(node.state()).isEqualTo(ChildState.RESTARTING);
		assertThat(node.nextRestartAt()).isEqualTo(Instant.ofEpochMilli(this.children.clock.currentTimeMillis() + 110));
		this.children.advance(Duration.ofMillis(109));
		assertThat(this.tree.find("t/a").orElseThrow().state()).isEqualTo(ChildState.RESTARTING);
		this.children.advance(Duration.ofMillis(1));
		this.children.await(RESTARTED, "t/a");
		this.children.crash("t/a");
		assertThat(this.children.await(RESTART_SCHEDULED, "t/a").duration()).as("doubled").isEqualTo(Duration.ofMillis(220));
	}

	@Test
	void theBackoffResetsAfterTheChildHasRunForResetAfter() throws Exception {
		start(SupervisorSpec.oneForOne(this.children.service("a").withBackoff(BACKOFF)).withIntensity(10, Duration.ofSeconds(5)));
		this.children.crash("t/a");
		this.children.await(RESTART_SCHEDULED, "t/a");
		this.children.advance(Duration.ofMillis(110));
		this.children.await(RESTARTED, "t/a");
		this.children.advance(Duration.ofSeconds(60));
		this.children.crash("t/a");
		assertThat(this.children.await(RESTART_SCHEDULED, "t/a").duration()).isEqualTo(Duration.ofMillis(110));
	}

	@Test
	void delaysNeverBlockTheSupervisor() throws Exception {
		start(SupervisorSpec.oneForOne(this.children.service("a").withBackoff(BACKOFF), this.children.service("b"))
			.withIntensity(10, Duration.ofSeconds(5)));
		this.children.crash("t/a");
		this.children.await(RESTART_SCHEDULED, "t/a");
		this.children.crash("t/b");
		this.children.await(RESTARTED, "t/b");
		assertThat(this.tree.root().countChildren().active()).isEqualTo(1);
	}

	@Test
	void groupSiblingsAreStoppedAtOnceAndStartedAfterTheDelay() throws Exception {
		start(SupervisorSpec.oneForAll(this.children.service("a").withBackoff(BACKOFF), this.children.service("b"))
			.withIntensity(10, Duration.ofSeconds(5)));
		this.children.journal.clear();
		this.children.crash("t/a");
		this.children.await(RESTART_SCHEDULED, "t/a");
		assertThat(this.children.journal).containsExactly("stop:t/b#1");
		this.children.advance(Duration.ofMillis(110));
		this.children.await(RESTARTED, "t/b");
		assertThat(this.children.journal).containsExactly("stop:t/b#1", "start:t/a#2", "start:t/b#2");
	}

	@Test
	void delayOnMaxIntensityRestartsLaterInsteadOfGivingUpAndClearsTheWindow() throws Exception {
		start(SupervisorSpec.oneForOne(this.children.service("a").withDelayOnMaxIntensity(Duration.ofSeconds(30)))
			.withIntensity(1, Duration.ofSeconds(5)));
		this.children.crash("t/a");
		this.children.await(RESTARTED, "t/a");
		this.children.crash("t/a");
		SupervisionEvent delayed = this.children.await(RESTART_SCHEDULED, "t/a");
		assertThat(delayed.duration()).isEqualTo(Duration.ofSeconds(30));
		assertThat(delayed.detail()).contains("max restart intensity");
		this.children.advance(Duration.ofSeconds(30));
		this.children.await(RESTARTED, "t/a");
		assertThat(this.tree.snapshot().supervisor().restartsInWindow()).as("cleared, then this restart").isEqualTo(1);
		assertThat(this.tree.state()).isEqualTo(ChildState.RUNNING);
		assertThat(this.children.allEvents).noneMatch((e) -> e.type() == GAVE_UP);
	}

	@Test
	void aRunningSupervisorWhoseRestartIsDelayedNeverShowsMoreRestartsInItsWindowThanItsIntensity() throws Exception {
		start(SupervisorSpec.oneForOne(this.children.service("a").withDelayOnMaxIntensity(Duration.ofSeconds(30)))
			.withIntensity(3, Duration.ofSeconds(5)));
		for (int i = 0; i < 3; i++) {
			this.children.crash("t/a");
			this.children.await(RESTARTED, "t/a");
		}
		assertThat(this.tree.snapshot().supervisor().restartsInWindow()).isEqualTo(3);
		this.children.crash("t/a");
		this.children.await(RESTART_SCHEDULED, "t/a");
		NodeSnapshot root = this.tree.snapshot();
		assertThat(root.state()).isEqualTo(ChildState.RUNNING);
		assertThat(root.supervisor().restartsInWindow()).as("the delayed restart is not one of the window's")
			.isEqualTo(3);
		// It is what it is: a state and a count of its own.
		assertThat(root.find("a").state()).isEqualTo(ChildState.DELAYED);
		assertThat(root.find("a").nextRestartAt()).isNotNull();
		assertThat(root.supervisor().childrenByState()).containsEntry(ChildState.DELAYED, 1);
		assertThat(root.supervisor().restartsDelayed()).isEqualTo(1);
		this.children.advance(Duration.ofSeconds(30));
		this.children.await(RESTARTED, "t/a");
		root = this.tree.snapshot();
		assertThat(root.supervisor().restartsInWindow()).isEqualTo(1);
		assertThat(root.find("a").state()).isEqualTo(ChildState.RUNNING);
		assertThat(root.supervisor().restartsDelayed()).isEqualTo(1);
	}

	@Test
	void aDelayedRestartIsCancelledByTerminatingTheChildAndAnOperatorCannotStartItMeanwhile() throws Exception {
		start(SupervisorSpec.oneForOne(this.children.service("a").withDelayOnMaxIntensity(Duration.ofSeconds(30)))
			.withIntensity(0, Duration.ofSeconds(5)));
		this.children.crash("t/a");
		this.children.await(RESTART_SCHEDULED, "t/a");
		assertThat(this.tree.find("t/a").orElseThrow().state()).isEqualTo(ChildState.DELAYED);
		assertThat(this.tree.root().restartChild("a").status()).isEqualTo(Outcome.Status.RESTARTING);
		assertThat(this.tree.root().terminateChild("a").isOk()).isTrue();
		assertThat(this.tree.find("t/a").orElseThrow().state()).isEqualTo(ChildState.STOPPED);
		this.children.advance(Duration.ofSeconds(30));
		assertThat(this.tree.find("t/a").orElseThrow().state()).as("the delayed restart was cancelled")
			.isEqualTo(ChildState.STOPPED);
	}

	@Test
	void intensityZeroWithADelayCoolsDownEveryCrashAndNeverEscalates() throws Exception {
		start(SupervisorSpec.oneForOne(this.children.service("a").withDelayOnMaxIntensity(Duration.ofSeconds(1)))
			.withIntensity(0, Duration.ofSeconds(5)));
		for (int i = 0; i < 3; i++) {
			this.children.crash("t/a");
			this.children.await(RESTART_SCHEDULED, "t/a");
			this.children.advance(Duration.ofSeconds(1));
			this.children.await(RESTARTED, "t/a");
			assertThat(this.tree.snapshot().supervisor().restartsInWindow()).as("intensity 0: never a restart in it")
				.isZero();
		}
		assertThat(this.tree.state()).isEqualTo(ChildState.RUNNING);
	}

	@Test
	void terminatingAChildCancelsItsPendingRestartAndDeleteAsksForThatFirst() throws Exception {
		start(SupervisorSpec.oneForOne(this.children.service("a").withBackoff(BACKOFF),
				this.children.service("b").withBackoff(BACKOFF)).withIntensity(10, Duration.ofSeconds(5)));
		this.children.crash("t/a");
		this.children.await(RESTART_SCHEDULED, "t/a");
		this.children.crash("t/b");
		this.children.await(RESTART_SCHEDULED, "t/b");
		assertThat(this.tree.root().terminateChild("a").isOk()).isTrue();
		// OTP delete_child/2 answers {error, restarting}: terminate (cancels), then delete.
		assertThat(this.tree.root().deleteChild("b").status()).isEqualTo(Outcome.Status.RESTARTING);
		assertThat(this.tree.root().terminateChild("b").isOk()).isTrue();
		assertThat(this.tree.root().deleteChild("b").isOk()).isTrue();
		this.children.advance(Duration.ofSeconds(1));
		assertThat(this.tree.root().whichChildren()).extracting(ChildInfo::id, ChildInfo::state)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("a", ChildState.STOPPED));
		assertThat(this.children.journal("start:")).containsExactly("start:t/a#1", "start:t/b#1");
	}

}
