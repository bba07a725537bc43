package dev.supervisor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.supervisor.SupervisionEvent.Type.EXITED;
import static dev.supervisor.SupervisionEvent.Type.RESTARTED;
import static dev.supervisor.SupervisionEvent.Type.SUPERVISOR_STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN §3 "Restart types": permanent, transient, temporary, intrinsic. */
class RestartTypesTest {

	@RegisterExtension
	final TestChildren children = new TestChildren();

	private SupervisionTree tree;

	private void start(ChildSpec... specs) {
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(specs).withIntensity(10, java.time.Duration.ofSeconds(5)),
				this.children.options());
		this.tree.start();
	}

	@Test
	void permanentChildIsRestartedAfterAnyExitEvenNormal() throws Exception {
		start(this.children.service("p"));
		this.children.exit("t/p");
		this.children.await(RESTARTED, "t/p");
		this.children.crash("t/p");
		this.children.await(RESTARTED, "t/p");
		assertThat(this.tree.find("t/p").orElseThrow().restartCount()).isEqualTo(2);
	}

	@Test
	void transientChildIsRestartedOnlyAfterAnAbnormalExit() throws Exception {
		start(this.children.service("tr"));
		this.tree.stop();
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("tr").withRestart(RestartType.TRANSIENT)),
				this.children.options());
		this.tree.start();
		this.children.crash("t/tr");
		this.children.await(RESTARTED, "t/tr");
		this.children.exit("t/tr");
		this.children.await(EXITED, "t/tr");
		NodeSnapshot node = this.tree.find("t/tr").orElseThrow();
		assertThat(node.state()).as("kept, stopped").isEqualTo(ChildState.STOPPED);
		assertThat(node.restartCount()).isEqualTo(1);
	}

	@Test
	void temporaryChildIsNeverRestartedAndIsRemovedWhenItExits() throws Exception {
		start(this.children.service("tmp").withRestart(RestartType.TEMPORARY), this.children.service("other"));
		this.children.crash("t/tmp");
		this.children.await(EXITED, "t/tmp");
		assertThat(this.tree.root().whichChildren()).extracting(ChildInfo::id).containsExactly("other");
		assertThat(this.children.allEvents).noneMatch((e) -> e.type() == RESTARTED);
	}

	@Test
	void intrinsicChildCrashIsRestartedButItsNormalExitStopsTheSupervisor() throws Exception {
		start(this.children.service("a"), ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(
				this.children.service("i").withRestart(RestartType.INTRINSIC), this.children.service("x")))
			.withRestart(RestartType.TRANSIENT));
		this.children.crash("t/sub/i");
		this.children.await(RESTARTED, "t/sub/i");
		this.children.exit("t/sub/i");
		SupervisionEvent stopped = this.children.await(SUPERVISOR_STOPPED, "t/sub");
		assertThat(stopped.reason().kind()).isEqualTo(ExitReason.Kind.SHUTDOWN);
		assertThat(stopped.reason().detail()).contains("intrinsic child 'i'");
		// The chain collapses cleanly: the transient parent entry sees a shutdown and keeps it stopped.
		this.children.await(EXITED, "t/sub");
		assertThat(this.tree.find("t/sub").orElseThrow().state()).isEqualTo(ChildState.STOPPED);
		assertThat(this.children.journal("stop:t/sub/x")).hasSize(1);
		assertThat(this.tree.state()).isEqualTo(ChildState.RUNNING);
	}

	@Test
	void restartTypeRuleTable() {
		ExitReason crash = ExitReason.crashed(new RuntimeException());
		assertThat(RestartType.PERMANENT.restartsAfter(ExitReason.normal())).isTrue();
		assertThat(RestartType.TRANSIENT.restartsAfter(ExitReason.normal())).isFalse();
		assertThat(RestartType.TRANSIENT.restartsAfter(ExitReason.shutdown("detail"))).isFalse();
		assertThat(RestartType.TRANSIENT.restartsAfter(crash)).isTrue();
		assertThat(RestartType.TRANSIENT.restartsAfter(ExitReason.killed())).isTrue();
		assertThat(RestartType.INTRINSIC.restartsAfter(crash)).isTrue();
		assertThat(RestartType.INTRINSIC.restartsAfter(ExitReason.normal())).isFalse();
		assertThat(RestartType.TEMPORARY.restartsAfter(crash)).isFalse();
	}

	@Test
	void aTransientWorkerEndingItselfWithShutdownAndADetailIsNotRestarted() throws Exception {
		start(this.children.worker("w").withRestart(RestartType.TRANSIENT));
		this.children.workers.get("t/w").crash(new ShutdownException("queue deleted"));
		SupervisionEvent exited = this.children.await(EXITED, "t/w");
		// OTP: exit({shutdown, Detail}) is not abnormal; a transient child stays down, kept.
		assertThat(exited.reason()).isEqualTo(ExitReason.shutdown("queue deleted"));
		assertThat(exited.reason().isAbnormal()).isFalse();
		NodeSnapshot node = this.tree.find("t/w").orElseThrow();
		assertThat(node.state()).isEqualTo(ChildState.STOPPED);
		assertThat(node.lastExit().detail()).isEqualTo("queue deleted");
		assertThat(node.restartCount()).isZero();
	}

	@Test
	void aServiceEndingItselfWithShutdownFollowsTheRestartTypeAsANormalExit() throws Exception {
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(
				this.children.service("tr").withRestart(RestartType.TRANSIENT), this.children.service("p"),
				ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(this.children.service("i")
					.withRestart(RestartType.INTRINSIC))).withRestart(RestartType.TRANSIENT))
			.withIntensity(10, java.time.Duration.ofSeconds(5)));
		this.tree.start();
		this.children.services.remove("t/tr").shutdown("lease lost");
		assertThat(this.children.await(EXITED, "t/tr").reason()).isEqualTo(ExitReason.shutdown("lease lost"));
		this.children.services.remove("t/p").shutdown("reconnect");
		assertThat(this.children.await(EXITED, "t/p").reason()).isEqualTo(ExitReason.shutdown("reconnect"));
		// A permanent child is restarted after any exit, and the restart counts (OTP).
		this.children.await(RESTARTED, "t/p");
		this.children.services.remove("t/sub/i").fail(new ShutdownException("done"));
		// An intrinsic child's shutdown stops its supervisor, which its transient parent keeps down.
		assertThat(this.children.await(SUPERVISOR_STOPPED, "t/sub").reason().detail()).contains("intrinsic child 'i'");
		// Its parent has handled its exit once it reports it.
		this.children.await(EXITED, "t/sub");
		assertThat(this.tree.find("t/tr").orElseThrow().state()).isEqualTo(ChildState.STOPPED);
		assertThat(this.tree.find("t/sub").orElseThrow().state()).isEqualTo(ChildState.STOPPED);
		assertThat(this.tree.snapshot().supervisor().restartsInWindow()).isEqualTo(1);
	}

}
