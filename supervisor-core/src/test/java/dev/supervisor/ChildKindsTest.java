package dev.supervisor;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.supervisor.SupervisionEvent.Type.EXITED;
import static dev.supervisor.SupervisionEvent.Type.RESTARTED;
import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN §3 "Children": workers, services, nested and dynamic supervisors, incarnations. */
class ChildKindsTest {

	@RegisterExtension
	final TestChildren children = new TestChildren();

	private SupervisionTree tree;

	private void start(ChildSpec... specs) {
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(specs), this.children.options());
		this.tree.start();
	}

	@Test
	void workerReturningIsNormalExitAndThrowingIsCrash() throws Exception {
		start(this.children.worker("w").withRestart(RestartType.TRANSIENT));
		this.children.workers.get("t/w").crash(new IllegalStateException("boom"));
		SupervisionEvent crash = this.children.await(EXITED, "t/w");
		assertThat(crash.reason().kind()).isEqualTo(ExitReason.Kind.CRASHED);
		assertThat(crash.reason().error()).hasMessage("boom");
		this.children.await(RESTARTED, "t/w");
		this.children.workers.get("t/w").finish();
		SupervisionEvent normal = this.children.await(EXITED, "t/w");
		assertThat(normal.reason()).isEqualTo(ExitReason.normal());
		assertThat(normal.incarnation()).isEqualTo(2);
	}

	@Test
	void workerStopRequestInterruptsAndSetsStopFlag() {
		start(this.children.worker("w"));
		TestChildren.ControlledWorker worker = this.children.workers.get("t/w");
		assertThat(this.tree.root().terminateChild("w").isOk()).isTrue();
		assertThat(worker.interrupted).as("interrupted with stopRequested() true").isTrue();
		assertThat(this.tree.find("t/w").orElseThrow().lastExit().reason()).isEqualTo(ExitReason.Kind.SHUTDOWN);
	}

	@Test
	void serviceReportsCrashAndNormalExitThroughItsContext() throws Exception {
		start(this.children.service("s").withRestart(RestartType.TRANSIENT));
		this.children.crash("t/s");
		assertThat(this.children.await(EXITED, "t/s").reason().kind()).isEqualTo(ExitReason.Kind.CRASHED);
		this.children.await(RESTARTED, "t/s");
		this.children.exit("t/s");
		assertThat(this.children.await(EXITED, "t/s").reason()).isEqualTo(ExitReason.normal());
		assertThat(this.tree.find("t/s").orElseThrow().state()).isEqualTo(ChildState.STOPPED);
	}

	@Test
	void everyIncarnationIsAFreshInstanceFromTheFactoryAndTheOldOneIsReleased() throws Exception {
		start(this.children.service("s"));
		this.children.crash("t/s");
		this.children.await(RESTARTED, "t/s");
		assertThat(this.children.instances.get("t/s")).hasSize(2);
		assertThat(this.children.instances.get("t/s").get(0)).isNotSameAs(this.children.instances.get("t/s").get(1));
		assertThat(this.children.released).containsExactly(this.children.instances.get("t/s").get(0).toString());
	}

	@Test
	void exitOfAnOldIncarnationIsNeverAppliedToTheNewOne() throws Exception {
		start(this.children.service("s"));
		ServiceContext first = this.children.crash("t/s");
		this.children.await(RESTARTED, "t/s");
		first.fail(new IllegalStateException("late report of incarnation 1"));
		first.exit();
		// A call is served after everything queued before it: the late reports have been seen.
		assertThat(this.tree.root().countChildren().active()).isEqualTo(1);
		NodeSnapshot node = this.tree.find("t/s").orElseThrow();
		assertThat(node.incarnation()).isEqualTo(2);
		assertThat(node.state()).isEqualTo(ChildState.RUNNING);
		assertThat(this.children.allEvents).filteredOn((e) -> e.type() == EXITED).hasSize(1);
	}

	@Test
	void nestedSupervisorStartsAllItsChildrenBeforeTheNextSibling() {
		start(this.children.service("a"),
				ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(this.children.service("x"), this.children.service("y"))),
				this.children.service("b"));
		assertThat(this.children.journal("start:")).containsExactly("start:t/a#1", "start:t/sub/x#1", "start:t/sub/y#1",
				"start:t/b#1");
		this.tree.stop();
		assertThat(this.children.journal("stop:")).containsExactly("stop:t/b#1", "stop:t/sub/y#1", "stop:t/sub/x#1",
				"stop:t/a#1");
	}

	@Test
	void dynamicSupervisorStartsChildrenFromItsTemplateWithTheirArgument() {
		AtomicReference<Object> seen = new AtomicReference<>();
		start(ChildSpec.supervisor("dyn", SupervisorSpec.dynamic(ChildSpec.service("tpl", (ctx) -> {
			seen.set(ctx.argument());
			return this.children.new RecordingService();
		}))));
		SupervisorHandle dyn = this.tree.supervisor("t/dyn");
		Outcome named = dyn.startDynamicChild("tenant-1", "argument-1");
		assertThat(named.isOk()).isTrue();
		assertThat(named.path()).isEqualTo("t/dyn/tenant-1");
		assertThat(seen.get()).isEqualTo("argument-1");
		Outcome generated = dyn.startDynamicChild(null, null);
		assertThat(generated.path()).isEqualTo("t/dyn/1");
		assertThat(dyn.startDynamicChild("tenant-1", null).status()).isEqualTo(Outcome.Status.ALREADY_PRESENT);
		assertThat(dyn.whichChildren()).extracting(ChildInfo::id).containsExactly("tenant-1", "1");
	}

	@Test
	void dynamicSupervisorRefusesStartsBeyondMaxChildren() {
		start(ChildSpec.supervisor("dyn", SupervisorSpec.dynamic(this.children.service("tpl")).withMaxChildren(2)));
		SupervisorHandle dyn = this.tree.supervisor("t/dyn");
		assertThat(dyn.startDynamicChild("a", null).isOk()).isTrue();
		assertThat(dyn.startDynamicChild("b", null).isOk()).isTrue();
		Outcome third = dyn.startDynamicChild("c", null);
		assertThat(third.status()).isEqualTo(Outcome.Status.MAX_CHILDREN);
		assertThat(third.message()).contains("maximum of 2");
		assertThat(dyn.terminateChild("a").isOk()).isTrue();
		assertThat(dyn.startDynamicChild("c", null).isOk()).as("room again after a child left").isTrue();
	}

	@Test
	void dynamicChildThatIsNotRestartedIsRemoved() throws Exception {
		start(ChildSpec.supervisor("dyn", SupervisorSpec.dynamic(this.children.service("tpl").withRestart(RestartType.TRANSIENT))));
		SupervisorHandle dyn = this.tree.supervisor("t/dyn");
		dyn.startDynamicChild("a", null);
		this.children.exit("t/dyn/a");
		this.children.await(EXITED, "t/dyn/a");
		assertThat(dyn.countChildren().specs()).isZero();
		assertThat(this.tree.find("t/dyn/a")).isEmpty();
	}

	@Test
	void staticOnlyOperationsAreNotSupportedOnDynamicSupervisorsAndViceVersa() {
		start(this.children.service("s"),
				ChildSpec.supervisor("dyn", SupervisorSpec.dynamic(this.children.service("tpl"))));
		assertThat(this.tree.root().startDynamicChild("x", null).status()).isEqualTo(Outcome.Status.NOT_SUPPORTED);
		assertThat(this.tree.supervisor("t/dyn").startChild(this.children.service("x")).status())
			.isEqualTo(Outcome.Status.NOT_SUPPORTED);
		assertThat(this.tree.supervisor("t/dyn").restartChild("x").status()).isEqualTo(Outcome.Status.NOT_SUPPORTED);
		assertThat(this.tree.supervisor("t/dyn").deleteChild("x").status()).isEqualTo(Outcome.Status.NOT_SUPPORTED);
	}

}
