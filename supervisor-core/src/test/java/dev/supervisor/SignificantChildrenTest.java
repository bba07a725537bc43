package dev.supervisor;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.supervisor.SupervisionEvent.Type.EXITED;
import static dev.supervisor.SupervisionEvent.Type.RESTARTED;
import static dev.supervisor.SupervisionEvent.Type.RESTART_SCHEDULED;
import static dev.supervisor.SupervisionEvent.Type.SUPERVISOR_STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN §3 "Significant children" (OTP 24 auto_shutdown, EEP 56). */
class SignificantChildrenTest {

	@RegisterExtension
	final TestChildren children = new TestChildren();

	private SupervisionTree tree;

	private void start(AutoShutdown autoShutdown, ChildSpec... specs) {
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("other"),
				ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(specs).withAutoShutdown(autoShutdown))
					.withRestart(RestartType.TRANSIENT)), this.children.options());
		this.tree.start();
	}

	private ChildSpec significant(String id, RestartType restart) {
		return this.children.service(id).withRestart(restart).withSignificant(true);
	}

	@Test
	void anySignificantStopsTheSupervisorWhenASignificantChildExitsByItself() throws Exception {
		start(AutoShutdown.ANY_SIGNIFICANT, significant("s1", RestartType.TRANSIENT), significant("s2", RestartType.TRANSIENT),
				this.children.service("plain"));
		this.children.exit("t/sub/s1");
		SupervisionEvent stopped = this.children.await(SUPERVISOR_STOPPED, "t/sub");
		assertThat(stopped.reason().detail()).contains("auto-shutdown").contains("'s1'");
		assertThat(this.children.journal("stop:")).containsExactly("stop:t/sub/plain#1", "stop:t/sub/s2#1");
		assertThat(this.children.await(EXITED, "t/sub").reason().kind()).isEqualTo(ExitReason.Kind.SHUTDOWN);
	}

	@Test
	void allSignificantStopsOnlyWhenNoSignificantChildIsLeft() throws Exception {
		start(AutoShutdown.ALL_SIGNIFICANT, significant("s1", RestartType.TEMPORARY), significant("s2", RestartType.TRANSIENT));
		this.children.crash("t/sub/s1");
		this.children.await(EXITED, "t/sub/s1");
		assertThat(this.tree.find("t/sub").orElseThrow().state()).isEqualTo(ChildState.RUNNING);
		this.children.exit("t/sub/s2");
		this.children.await(SUPERVISOR_STOPPED, "t/sub");
	}

	@Test
	void aTemporarySignificantChildTriggersOnAnyExit() throws Exception {
		start(AutoShutdown.ANY_SIGNIFICANT, significant("s", RestartType.TEMPORARY), this.children.service("plain"));
		this.children.crash("t/sub/s");
		this.children.await(SUPERVISOR_STOPPED, "t/sub");
	}

	@Test
	void aCrashingTransientSignificantChildIsRestartedInstead() throws Exception {
		start(AutoShutdown.ANY_SIGNIFICANT, significant("s", RestartType.TRANSIENT));
		this.children.crash("t/sub/s");
		this.children.await(RESTARTED, "t/sub/s");
		assertThat(this.tree.find("t/sub").orElseThrow().state()).isEqualTo(ChildState.RUNNING);
	}

	@Test
	void terminationsByTheSupervisorOrAnOperatorNeverTriggerAutoShutdown() throws Exception {
		start(AutoShutdown.ANY_SIGNIFICANT, significant("s", RestartType.TRANSIENT), this.children.service("plain"));
		SupervisorHandle sub = this.tree.supervisor("t/sub");
		assertThat(sub.terminateChild("s").isOk()).isTrue();
		assertThat(sub.countChildren().active()).isEqualTo(1);
		assertThat(this.tree.find("t/sub").orElseThrow().state()).isEqualTo(ChildState.RUNNING);
		assertThat(this.children.allEvents).noneMatch((e) -> e.type() == SUPERVISOR_STOPPED);
	}

	/** The dynamic supervisor "dyn" (transient) under a root, its template significant, as in issue #9. */
	private SupervisorHandle startDynamic(AutoShutdown autoShutdown, ChildSpec template) {
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("other"),
				ChildSpec.supervisor("dyn", SupervisorSpec.dynamic(template).withAutoShutdown(autoShutdown))
					.withRestart(RestartType.TRANSIENT)));
		this.tree.start();
		return this.tree.supervisor("t/dyn");
	}

	@Test
	void aDynamicSupervisorWithAllSignificantStopsWhenItsLastChildExitsByItselfAndItsParentKeepsItStopped()
			throws Exception {
		SupervisorHandle dyn = startDynamic(AutoShutdown.ALL_SIGNIFICANT,
				this.children.worker("w").withRestart(RestartType.TRANSIENT).withSignificant(true));
		assertThat(dyn.startDynamicChild("w1", null).isOk()).isTrue();
		this.children.workers.get("t/dyn/w1").finish();
		SupervisionEvent stopped = this.children.await(SUPERVISOR_STOPPED, "t/dyn");
		assertThat(stopped.reason().kind()).isEqualTo(ExitReason.Kind.SHUTDOWN);
		assertThat(stopped.reason().detail()).contains("auto-shutdown").contains("'w1'");
		assertThat(this.children.await(EXITED, "t/dyn").reason().kind()).isEqualTo(ExitReason.Kind.SHUTDOWN);
		// OTP: a transient child that exited with shutdown is not restarted; its parent keeps it.
		NodeSnapshot node = this.tree.find("t/dyn").orElseThrow();
		assertThat(node.state()).isEqualTo(ChildState.STOPPED);
		assertThat(node.incarnation()).isEqualTo(1);
		assertThat(this.tree.state()).isEqualTo(ChildState.RUNNING);
	}

	@Test
	void aDynamicSupervisorWithAllSignificantCountsARestartingChildAsAlive() throws Exception {
		SupervisorHandle dyn = startDynamic(AutoShutdown.ALL_SIGNIFICANT,
				this.children.worker("w").withRestart(RestartType.TRANSIENT).withSignificant(true)
					.withBackoff(Backoff.exponential(Duration.ofMinutes(1), Duration.ofMinutes(1))));
		dyn.startDynamicChild("w1", null);
		dyn.startDynamicChild("w2", null);
		this.children.workers.get("t/dyn/w1").crash(new IllegalStateException("boom"));
		this.children.await(RESTART_SCHEDULED, "t/dyn/w1");
		this.children.workers.get("t/dyn/w2").finish();
		this.children.await(EXITED, "t/dyn/w2");
		assertThat(this.tree.find("t/dyn").orElseThrow().state()).as("w1 is restarting, so one is left")
			.isEqualTo(ChildState.RUNNING);
		this.children.advance(Duration.ofMinutes(1));
		this.children.await(RESTARTED, "t/dyn/w1");
		this.children.workers.get("t/dyn/w1").finish();
		this.children.await(SUPERVISOR_STOPPED, "t/dyn");
	}

	@Test
	void aDynamicSupervisorWithAnySignificantStopsWhenOneChildExitsByItselfAndStopsTheOthers() throws Exception {
		SupervisorHandle dyn = startDynamic(AutoShutdown.ANY_SIGNIFICANT,
				this.children.worker("w").withRestart(RestartType.TEMPORARY).withSignificant(true));
		dyn.startDynamicChild("w1", null);
		dyn.startDynamicChild("w2", null);
		// A temporary significant child triggers on any exit, a crash too (OTP do_restart(temporary, ...)).
		this.children.workers.get("t/dyn/w1").crash(new IllegalStateException("boom"));
		this.children.await(SUPERVISOR_STOPPED, "t/dyn");
		assertThat(this.children.journal("stop:")).contains("stop:t/dyn/w2#1");
		// Its parent has handled its exit once it reports it.
		this.children.await(EXITED, "t/dyn");
		assertThat(this.tree.find("t/dyn").orElseThrow().state()).isEqualTo(ChildState.STOPPED);
	}

	@Test
	void anOperatorTerminatingTheLastDynamicChildNeverTriggersAutoShutdown() throws Exception {
		SupervisorHandle dyn = startDynamic(AutoShutdown.ALL_SIGNIFICANT,
				this.children.worker("w").withRestart(RestartType.TRANSIENT).withSignificant(true));
		dyn.startDynamicChild("w1", null);
		assertThat(dyn.terminateChild("w1").isOk()).isTrue();
		assertThat(dyn.countChildren().specs()).isZero();
		assertThat(this.tree.find("t/dyn").orElseThrow().state()).isEqualTo(ChildState.RUNNING);
		assertThat(this.children.allEvents).noneMatch((e) -> e.type() == SUPERVISOR_STOPPED);
	}

}
