package dev.supervisor;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.supervisor.SupervisionEvent.Type.EXITED;
import static dev.supervisor.SupervisionEvent.Type.GAVE_UP;
import static dev.supervisor.SupervisionEvent.Type.RESTARTED;
import static dev.supervisor.SupervisionEvent.Type.SUPERVISOR_STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** DESIGN §3 "Intensity and escalation" (OTP add_restart/1), on a manual clock. */
class IntensityTest {

	@RegisterExtension
	final TestChildren children = new TestChildren();

	private SupervisionTree tree;

	private void start(StaticSupervisorSpec spec) {
		this.tree = this.children.create("t", spec, this.children.options());
		this.tree.start();
	}

	private void crashAndAwaitRestart(String path) throws InterruptedException {
		this.children.crash(path);
		this.children.await(RESTARTED, path);
	}

	@Test
	void defaultsAreThreeRestartsInFiveSeconds() {
		StaticSupervisorSpec spec = SupervisorSpec.oneForOne();
		assertThat(spec.intensity()).isEqualTo(3);
		assertThat(spec.period()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void intensityExceededStopsChildrenInReverseOrderAndEscalates() throws Exception {
		start(SupervisorSpec.oneForOne(this.children.service("a"), this.children.service("b"), this.children.service("c"))
			.withIntensity(2, Duration.ofSeconds(5)));
		crashAndAwaitRestart("t/b");
		crashAndAwaitRestart("t/b");
		this.children.journal.clear();
		this.children.crash("t/b");
		SupervisionEvent gaveUp = this.children.await(GAVE_UP, "t");
		assertThat(gaveUp.detail()).contains("offender=t/b");
		this.children.await(SUPERVISOR_STOPPED, "t");
		assertThat(this.children.journal).containsExactly("stop:t/c#1", "stop:t/a#1");
		assertThat(this.tree.state()).as("a root that gives up is failed").isEqualTo(ChildState.FAILED);
		assertThat(this.tree.termination().join().detail()).contains("reached-max-restart-intensity");
	}

	@Test
	void restartsOlderThanThePeriodNoLongerCount() throws Exception {
		start(SupervisorSpec.oneForOne(this.children.service("a")).withIntensity(2, Duration.ofSeconds(5)));
		crashAndAwaitRestart("t/a");
		this.children.advance(Duration.ofSeconds(3));
		crashAndAwaitRestart("t/a");
		this.children.advance(Duration.ofMillis(2001));
		// The first restart is now older than 5 s: this third one leaves two in the window.
		crashAndAwaitRestart("t/a");
		assertThat(this.tree.snapshot().supervisor().restartsInWindow()).isEqualTo(2);
		assertThat(this.tree.state()).isEqualTo(ChildState.RUNNING);
	}

	@Test
	void aRestartExactlyOnePeriodOldStillCounts() throws Exception {
		start(SupervisorSpec.oneForOne(this.children.service("a")).withIntensity(1, Duration.ofSeconds(5)));
		crashAndAwaitRestart("t/a");
		this.children.advance(Duration.ofSeconds(5));
		this.children.crash("t/a");
		this.children.await(GAVE_UP, "t");
	}

	@Test
	void intensityZeroEscalatesOnTheFirstFailure() throws Exception {
		start(SupervisorSpec.oneForOne(this.children.service("a")).withIntensity(0, Duration.ofSeconds(5)));
		this.children.crash("t/a");
		this.children.await(GAVE_UP, "t");
		assertThat(this.children.journal("start:")).containsExactly("start:t/a#1");
	}

	@Test
	void permanentChildSupervisorThatGivesUpIsRestartedByItsParentAndCounts() throws Exception {
		start(SupervisorSpec.oneForOne(this.children.service("a"),
				ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(this.children.service("x")).withIntensity(0, Duration.ofSeconds(5))))
			.withIntensity(5, Duration.ofSeconds(5)));
		this.children.crash("t/sub/x");
		this.children.await(GAVE_UP, "t/sub");
		this.children.await(RESTARTED, "t/sub");
		assertThat(this.tree.find("t/sub/x").orElseThrow().incarnation()).as("a fresh subtree").isEqualTo(1);
		assertThat(this.tree.find("t/sub").orElseThrow().incarnation()).isEqualTo(2);
		assertThat(this.tree.snapshot().supervisor().restartsInWindow()).isEqualTo(1);
		assertThat(this.tree.find("t/a").orElseThrow().incarnation()).isEqualTo(1);
	}

	@Test
	void transientChildSupervisorThatGivesUpStaysStoppedAndTemporaryIsRemoved() throws Exception {
		start(SupervisorSpec.oneForOne(
				ChildSpec.supervisor("tr", SupervisorSpec.oneForOne(this.children.service("x")).withIntensity(0, Duration.ofSeconds(5)))
					.withRestart(RestartType.TRANSIENT),
				ChildSpec.supervisor("tmp", SupervisorSpec.oneForOne(this.children.service("y")).withIntensity(0, Duration.ofSeconds(5)))
					.withRestart(RestartType.TEMPORARY)));
		this.children.crash("t/tr/x");
		SupervisionEvent exit = this.children.await(EXITED, "t/tr");
		assertThat(exit.reason().kind()).as("a supervisor that gives up exits with shutdown").isEqualTo(ExitReason.Kind.SHUTDOWN);
		this.children.crash("t/tmp/y");
		this.children.await(EXITED, "t/tmp");
		assertThat(this.tree.root().whichChildren()).extracting(ChildInfo::id, ChildInfo::state)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("tr", ChildState.STOPPED));
		assertThat(this.tree.snapshot().supervisor().restartsInWindow()).isZero();
		assertThat(this.tree.state()).isEqualTo(ChildState.RUNNING);
	}

	@Test
	void normalExitsOperatorRestartsAndSupervisorTerminationsDoNotCount() throws Exception {
		start(SupervisorSpec.oneForOne(this.children.service("tr").withRestart(RestartType.TRANSIENT),
				this.children.service("tmp").withRestart(RestartType.TEMPORARY), this.children.service("p"))
			.withIntensity(0, Duration.ofSeconds(5)));
		this.children.exit("t/tr");
		this.children.await(EXITED, "t/tr");
		this.children.crash("t/tmp");
		this.children.await(EXITED, "t/tmp");
		assertThat(this.tree.root().restartChild("tr").isOk()).isTrue();
		assertThat(this.tree.root().forceRestartChild("p").isOk()).isTrue();
		assertThat(this.tree.root().terminateChild("p").isOk()).isTrue();
		assertThat(this.tree.root().restartChild("p").isOk()).isTrue();
		assertThat(this.tree.snapshot().supervisor().restartsInWindow()).isZero();
		assertThat(this.tree.state()).isEqualTo(ChildState.RUNNING);
	}

	@Test
	void restartingARunningTreeStopsItAndStartsAFreshIncarnation() {
		start(SupervisorSpec.oneForOne(this.children.service("a")));
		Outcome restart = this.tree.restart();
		assertThat(restart.isOk()).as(restart.message()).isTrue();
		assertThat(this.children.journal).containsExactly("start:t/a#1", "stop:t/a#1", "start:t/a#1");
		assertThat(this.tree.snapshot().incarnation()).isEqualTo(2);
	}

	@Test
	void failedRootTreeStaysDownUntilAnOperatorRestartsIt() throws Exception {
		start(SupervisorSpec.oneForOne(this.children.service("a")).withIntensity(0, Duration.ofSeconds(5)));
		this.children.crash("t/a");
		this.tree.termination().join();
		assertThat(this.tree.state()).isEqualTo(ChildState.FAILED);
		assertThat(this.tree.snapshot().supervisor().children()).extracting(NodeSnapshot::state)
			.containsOnly(ChildState.STOPPED);
		assertThatExceptionOfType(SupervisorDownException.class).isThrownBy(() -> this.tree.root().countChildren());
		Outcome restart = this.tree.restart();
		assertThat(restart.isOk()).isTrue();
		assertThat(this.tree.state()).isEqualTo(ChildState.RUNNING);
		assertThat(this.tree.snapshot().incarnation()).isEqualTo(2);
		assertThat(this.tree.root().countChildren().active()).as("the handle finds the new root").isEqualTo(1);
	}

}
