package dev.supervisor;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.supervisor.SupervisionEvent.Type.RESTARTED;
import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN §5 / issue item 10: immutable snapshots for operators, paged for large dynamic supervisors. */
class SnapshotTest {

	@RegisterExtension
	final TestChildren children = new TestChildren();

	private SupervisionTree tree;

	@Test
	void snapshotShowsEveryNodeWithStateIncarnationRestartsAndLastExit() throws Exception {
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("a"),
				ChildSpec.supervisor("sub", SupervisorSpec.restForOne(this.children.service("x")))
					.withRestart(RestartType.TRANSIENT)).withIntensity(4, Duration.ofSeconds(10)), this.children.options());
		this.tree.start();
		Instant crashedAt = Instant.ofEpochMilli(this.children.clock.currentTimeMillis());
		this.children.crash("t/a");
		this.children.await(RESTARTED, "t/a");
		NodeSnapshot root = this.tree.snapshot();
		assertThat(root.path()).isEqualTo("t");
		assertThat(root.state()).isEqualTo(ChildState.RUNNING);
		assertThat(root.kind()).isEqualTo(ChildKind.SUPERVISOR);
		assertThat(root.supervisor().strategy()).isEqualTo(Strategy.ONE_FOR_ONE);
		assertThat(root.supervisor().intensity()).isEqualTo(4);
		assertThat(root.supervisor().period()).isEqualTo(Duration.ofSeconds(10));
		assertThat(root.supervisor().restartsInWindow()).isEqualTo(1);
		NodeSnapshot a = root.find("a");
		assertThat(a.path()).isEqualTo("t/a");
		assertThat(a.kind()).isEqualTo(ChildKind.SERVICE);
		assertThat(a.restart()).isEqualTo(RestartType.PERMANENT);
		assertThat(a.shutdown()).isEqualTo(Shutdown.timeout(Duration.ofSeconds(5)));
		assertThat(a.incarnation()).isEqualTo(2);
		assertThat(a.restartCount()).isEqualTo(1);
		assertThat(a.since()).isNotNull();
		assertThat(a.lastExit().reason()).isEqualTo(ExitReason.Kind.CRASHED);
		assertThat(a.lastExit().exceptionClass()).isEqualTo(IllegalStateException.class.getName());
		assertThat(a.lastExit().message()).isEqualTo("boom t/a");
		assertThat(a.lastExit().at()).isEqualTo(crashedAt);
		NodeSnapshot x = root.find("sub/x");
		assertThat(x.path()).isEqualTo("t/sub/x");
		assertThat(root.find("sub").restart()).isEqualTo(RestartType.TRANSIENT);
		assertThat(root.find("sub").supervisor().strategy()).isEqualTo(Strategy.REST_FOR_ONE);
		assertThat(this.tree.find("t/sub", new SnapshotOptions(0, 100, 0)).orElseThrow().supervisor().children())
			.as("depth 0: the node only").isEmpty();
	}

	@Test
	void longExceptionMessagesAreCutToASaneLength() {
		ExitInfo info = ExitInfo.of(ExitReason.crashed(new RuntimeException("x".repeat(10_000))), Instant.EPOCH);
		assertThat(info.message()).hasSize(ExitInfo.MAX_MESSAGE);
	}

	@Test
	void aDynamicSupervisorWithManyChildrenIsSummarizedAndPaged() {
		// A lean child and no listener: this test is about the snapshot, not the fixture's journal.
		Service idle = new Service() {

			@Override
			public void start(ServiceContext context) {
			}

			@Override
			public void stop(ServiceContext context) {
			}

		};
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(
				ChildSpec.supervisor("dyn", SupervisorSpec.dynamic(ChildSpec.service("tpl", (ctx) -> idle)))),
				TreeOptions.defaults().withReports(false).withThreadFactory(this.children.realTimeOptions().threadFactory()));
		this.tree.start();
		SupervisorHandle dyn = this.tree.supervisor("t/dyn");
		int count = 100_000;
		for (int i = 0; i < count; i++) {
			dyn.startDynamicChild("c-" + i, null);
		}
		dyn.terminateChild("c-5");
		NodeSnapshot page = this.tree.find("t/dyn", new SnapshotOptions(10, 25, 1)).orElseThrow();
		NodeSnapshot.SupervisorView view = page.supervisor();
		assertThat(view.totalChildren()).isEqualTo(count - 1);
		assertThat(view.childrenByState()).containsEntry(ChildState.RUNNING, count - 1);
		assertThat(view.offset()).isEqualTo(10);
		assertThat(view.children()).hasSize(25);
		assertThat(view.children().get(0).id()).isEqualTo("c-11");
		assertThat(this.tree.snapshot().find("dyn").supervisor().children()).as("default page")
			.hasSize(SnapshotOptions.DEFAULT_LIMIT);
	}

}
