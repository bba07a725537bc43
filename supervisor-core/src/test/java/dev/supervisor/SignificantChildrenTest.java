package dev.supervisor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.supervisor.SupervisionEvent.Type.EXITED;
import static dev.supervisor.SupervisionEvent.Type.RESTARTED;
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

}
