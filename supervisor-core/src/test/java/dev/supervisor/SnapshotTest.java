package dev.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
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
	void aRootSaysSinceWhenItEnteredItsStateRunningStoppingOrStopped() throws Exception {
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("s")),
				this.children.options());
		Instant started = now();
		this.tree.start();
		this.children.advance(Duration.ofSeconds(180));
		assertThat(this.tree.snapshot().since()).as("running since it started").isEqualTo(started);
		this.children.slowStops.put("t/s", new CountDownLatch(1));
		CompletableFuture<ExitReason> stop = this.tree.stopAsync();
		Instant stopping = now();
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> this.tree.snapshot().state() == ChildState.STOPPING);
		assertThat(this.tree.snapshot().since()).as("stopping since the stop began, not since it ran").isEqualTo(stopping);
		this.children.advance(Duration.ofSeconds(3));
		Instant stopped = now();
		this.children.slowStops.get("t/s").countDown();
		stop.get(10, TimeUnit.SECONDS);
		assertThat(this.tree.snapshot().state()).isEqualTo(ChildState.STOPPED);
		assertThat(this.tree.snapshot().since()).isEqualTo(stopped);
	}

	@Test
	void aRootThatGaveUpSaysSinceWhenItFailed() throws Exception {
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("s")).withIntensity(0,
				Duration.ofSeconds(5)), this.children.options());
		this.tree.start();
		this.children.advance(Duration.ofSeconds(60));
		Instant failed = now();
		this.children.crash("t/s");
		this.tree.termination().get(10, TimeUnit.SECONDS);
		this.children.advance(Duration.ofSeconds(60));
		assertThat(this.tree.snapshot().state()).isEqualTo(ChildState.FAILED);
		assertThat(this.tree.snapshot().since()).isEqualTo(failed);
	}

	@Test
	void aNestedSupervisorStoppingByItselfSaysSinceWhenItsStopBegan() throws Exception {
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(ChildSpec
			.supervisor("sub", SupervisorSpec.oneForOne(this.children.service("x"), this.children.service("y"))
				.withIntensity(0, Duration.ofSeconds(5)))
			.withRestart(RestartType.TRANSIENT)), this.children.options());
		this.tree.start();
		this.children.advance(Duration.ofSeconds(60));
		this.children.slowStops.put("t/sub/x", new CountDownLatch(1));
		Instant gaveUp = now();
		this.children.crash("t/sub/y");
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> this.tree.find("t/sub").orElseThrow().state() == ChildState.STOPPING);
		this.children.advance(Duration.ofSeconds(2));
		assertThat(this.tree.find("t/sub").orElseThrow().since()).isEqualTo(gaveUp);
		this.children.slowStops.get("t/sub/x").countDown();
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> this.tree.find("t/sub").orElseThrow().state() == ChildState.STOPPED);
	}

	private Instant now() {
		return Instant.ofEpochMilli(this.children.clock.currentTimeMillis());
	}

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
		assertThat(this.tree.find("t/sub", new SnapshotOptions(0, 100, 0)).orElseThrow().supervisor().truncated())
			.as("children left out by depth").isTrue();
		assertThat(root.supervisor().truncated()).isFalse();
		assertThat(root.supervisor().complete()).isTrue();
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

	@Test
	void aSnapshotHoldsAtMostItsNodeBudgetWhateverTheTreesShape() {
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(ChildSpec.supervisor("outer",
				SupervisorSpec.dynamic(ChildSpec.supervisor("inner", SupervisorSpec.dynamic(ChildSpec.service("s", (ctx) -> IDLE)))))),
				TreeOptions.defaults().withReports(false).withThreadFactory(this.children.realTimeOptions().threadFactory()));
		this.tree.start();
		SupervisorHandle outer = this.tree.supervisor("t/outer");
		for (int i = 0; i < 30; i++) {
			outer.startDynamicChild("d-" + i, null);
			SupervisorHandle inner = this.tree.supervisor("t/outer/d-" + i);
			for (int j = 0; j < 30; j++) {
				inner.startDynamicChild("c-" + j, null);
			}
		}
		SnapshotOptions wide = new SnapshotOptions(0, 1000, Integer.MAX_VALUE);
		assertThat(count(this.tree.snapshot(wide))).as("no budget: every node").isEqualTo(1 + 1 + 30 + 900);
		NodeSnapshot bounded = this.tree.snapshot(wide.withMaxNodes(100));
		assertThat(count(bounded)).isEqualTo(100);
		NodeSnapshot.SupervisorView outerView = bounded.find("outer").supervisor();
		assertThat(outerView.children()).as("siblings are listed before anyone's children").hasSize(30);
		assertThat(outerView.truncated()).isFalse();
		assertThat(outerView.children()).filteredOn((d) -> d.supervisor().truncated()).isNotEmpty();
		assertThat(outerView.children()).allSatisfy((d) -> {
			assertThat(d.supervisor().complete()).isTrue();
			assertThat(d.supervisor().totalChildren()).as("counts stay exact when children are left out").isEqualTo(30);
		});
		assertThat(count(this.tree.find("t/outer", wide.withMaxNodes(1)).orElseThrow())).isEqualTo(1);
	}

	@Test
	void aSupervisorThatCannotAnswerInTimeIsShownNotCompleteRatherThanEmpty() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Service blocking = new Service() {

			@Override
			public void start(ServiceContext context) throws InterruptedException {
				entered.countDown();
				release.await(30, TimeUnit.SECONDS);
			}

			@Override
			public void stop(ServiceContext context) {
			}

		};
		this.tree = this.children.create("t",
				SupervisorSpec.oneForOne(ChildSpec.supervisor("dyn", SupervisorSpec.dynamic(ChildSpec.service("tpl", (ctx) -> IDLE)))),
				TreeOptions.defaults().withReports(false).withThreadFactory(this.children.realTimeOptions().threadFactory()));
		this.tree.start();
		SupervisorHandle dyn = this.tree.supervisor("t/dyn");
		for (int i = 0; i < 5; i++) {
			dyn.startDynamicChild("c-" + i, null);
		}
		CompletableFuture<Outcome> busy = CompletableFuture
			.supplyAsync(() -> this.tree.root().startChild(ChildSpec.service("slow", (ctx) -> blocking)));
		try {
			assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
			NodeSnapshot root = this.tree.snapshot();
			assertThat(root.supervisor().complete()).as("the root is starting a child: busy").isFalse();
			assertThat(root.supervisor().children()).isEmpty();
		}
		finally {
			release.countDown();
		}
		busy.join();
		assertThat(this.tree.snapshot().supervisor().complete()).isTrue();
		assertThat(this.tree.snapshot().find("dyn").supervisor().totalChildren()).isEqualTo(5);
	}

	private static final Service IDLE = new Service() {

		@Override
		public void start(ServiceContext context) {
		}

		@Override
		public void stop(ServiceContext context) {
		}

	};

	private static int count(NodeSnapshot node) {
		int count = 1;
		if (node.supervisor() != null) {
			for (NodeSnapshot child : node.supervisor().children()) {
				count += count(child);
			}
		}
		return count;
	}

	@Test
	void theLimitPagesOnlyDynamicChildrenSoEveryNestedStaticLevelIsListedWithItsCounts() {
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("a"),
				ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(this.children.service("x"), this.children.service("y"),
						ChildSpec.supervisor("dyn", SupervisorSpec.dynamic(this.children.service("tpl")))))));
		this.tree.start();
		this.tree.supervisor("t/sub/dyn").startDynamicChild("d1", null);
		this.tree.supervisor("t/sub/dyn").startDynamicChild("d2", null);
		this.tree.supervisor("t/sub").terminateChild("y");
		// Counts only (no dynamic child listed), at every depth: what health and metrics ask for.
		NodeSnapshot root = this.tree.snapshot(new SnapshotOptions(0, 0, Integer.MAX_VALUE));
		assertThat(root.supervisor().childrenByState()).containsOnly(java.util.Map.entry(ChildState.RUNNING, 2));
		NodeSnapshot sub = root.find("sub");
		assertThat(sub).as("a nested static supervisor is listed although the limit is 0").isNotNull();
		assertThat(sub.supervisor().childrenByState()).containsOnly(java.util.Map.entry(ChildState.RUNNING, 2),
				java.util.Map.entry(ChildState.STOPPED, 1));
		NodeSnapshot dyn = root.find("sub/dyn");
		assertThat(dyn.supervisor().childrenByState()).containsOnly(java.util.Map.entry(ChildState.RUNNING, 2));
		assertThat(dyn.supervisor().children()).as("dynamic children are paged by the limit").isEmpty();
		assertThat(this.tree.find("t/sub", new SnapshotOptions(0, 0, 1)).orElseThrow().supervisor().children())
			.extracting(NodeSnapshot::id).containsExactly("x", "y", "dyn");
	}

}
