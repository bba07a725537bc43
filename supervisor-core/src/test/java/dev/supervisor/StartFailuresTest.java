package dev.supervisor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.supervisor.SupervisionEvent.Type.GAVE_UP;
import static dev.supervisor.SupervisionEvent.Type.RESTARTED;
import static dev.supervisor.SupervisionEvent.Type.START_FAILED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** DESIGN §3 "Start failures": at start, during a restart, and "ignore". */
class StartFailuresTest {

	@RegisterExtension
	final TestChildren children = new TestChildren();

	private SupervisionTree tree;

	@Test
	void startFailureStopsStartedChildrenInReverseOrderAndNamesTheChild() {
		this.children.failingStarts.put("t/c", new AtomicInteger(1));
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("a"),
				this.children.service("b"), this.children.service("c"), this.children.service("d")), this.children.options());
		assertThatExceptionOfType(StartFailedException.class).isThrownBy(this.tree::start)
			.withMessageContaining("'t/c'")
			.withMessageContaining("start of t/c refused")
			.satisfies((ex) -> assertThat(ex.childPath()).isEqualTo("t/c"));
		assertThat(this.children.journal).containsExactly("start:t/a#1", "start:t/b#1", "failed:t/c#1", "stop:t/b#1",
				"stop:t/a#1");
		assertThat(this.tree.state()).isEqualTo(ChildState.FAILED);
	}

	@Test
	void nestedStartFailureNamesTheDeepestChild() {
		this.children.failingStarts.put("t/sub/x", new AtomicInteger(1));
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("a"),
				ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(this.children.service("x")))), this.children.options());
		assertThatExceptionOfType(StartFailedException.class).isThrownBy(this.tree::start)
			.satisfies((ex) -> assertThat(ex.childPath()).isEqualTo("t/sub/x"));
		assertThat(this.children.journal).containsExactly("start:t/a#1", "failed:t/sub/x#1", "stop:t/a#1");
	}

	@Test
	void failedRestartIsRetriedThroughTheMailboxAndEachRetryCounts() throws Exception {
		this.tree = this.children.create("t",
				SupervisorSpec.oneForOne(this.children.service("a")).withIntensity(3, Duration.ofSeconds(5)),
				this.children.options());
		this.tree.start();
		this.children.failingStarts.put("t/a", new AtomicInteger(2));
		this.children.crash("t/a");
		this.children.await(RESTARTED, "t/a");
		assertThat(this.children.journal).containsExactly("start:t/a#1", "failed:t/a#2", "failed:t/a#3", "start:t/a#4");
		// The crash's restart and its two retries: three entries in the window.
		assertThat(this.tree.snapshot().supervisor().restartsInWindow()).isEqualTo(3);
	}

	@Test
	void retriesThatExceedTheIntensityGiveUp() throws Exception {
		this.tree = this.children.create("t",
				SupervisorSpec.oneForOne(this.children.service("a")).withIntensity(2, Duration.ofSeconds(5)),
				this.children.options());
		this.tree.start();
		this.children.failingStarts.put("t/a", new AtomicInteger(100));
		this.children.crash("t/a");
		this.children.await(GAVE_UP, "t");
		assertThat(this.children.journal("failed:")).hasSize(2);
	}

	@Test
	void operationsAreServedBetweenRetries() throws Exception {
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("a"),
				this.children.service("b")).withIntensity(1_000_000, Duration.ofSeconds(5)), this.children.options());
		this.tree.start();
		this.children.failingStarts.put("t/a", new AtomicInteger(Integer.MAX_VALUE));
		this.children.crash("t/a");
		this.children.await(START_FAILED, "t/a");
		// The supervisor keeps retrying through its mailbox, yet answers an operator in between.
		assertThat(this.tree.root().terminateChild("a").isOk()).isTrue();
		assertThat(this.tree.find("t/a").orElseThrow().state()).isEqualTo(ChildState.STOPPED);
		int failures = this.children.journal("failed:").size();
		assertThat(this.tree.root().countChildren().active()).isEqualTo(1);
		assertThat(this.children.journal("failed:")).as("terminate cancelled the retries").hasSize(failures);
	}

	@Test
	void groupRestartRetryResumesFromTheFailedChildForRestForOne() throws Exception {
		this.tree = this.children.create("t", SupervisorSpec.restForOne(this.children.service("a"),
				this.children.service("b"), this.children.service("c")), this.children.options());
		this.tree.start();
		this.children.journal.clear();
		this.children.failingStarts.put("t/b", new AtomicInteger(1));
		this.children.crash("t/a");
		this.children.await(RESTARTED, "t/c");
		assertThat(this.children.journal).containsExactly("stop:t/c#1", "stop:t/b#1", "start:t/a#2", "failed:t/b#2",
				"start:t/b#3", "start:t/c#2");
	}

	@Test
	void groupRestartRetryRedoesTheWholeGroupForOneForAll() throws Exception {
		this.tree = this.children.create("t", SupervisorSpec.oneForAll(this.children.service("a"),
				this.children.service("b"), this.children.service("c")), this.children.options());
		this.tree.start();
		this.children.journal.clear();
		this.children.failingStarts.put("t/b", new AtomicInteger(1));
		this.children.crash("t/c");
		this.children.await(RESTARTED, "t/c");
		assertThat(this.children.journal).containsExactly("stop:t/b#1", "stop:t/a#1", "start:t/a#2", "failed:t/b#2",
				"stop:t/a#2", "start:t/a#3", "start:t/b#3", "start:t/c#2");
	}

	@Test
	void declinedStartKeepsTheChildStoppedAndDropsATemporaryOne() {
		this.children.ignoredStarts.add("t/a");
		this.children.ignoredStarts.add("t/tmp");
		this.tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("a"),
				this.children.service("tmp").withRestart(RestartType.TEMPORARY), this.children.service("b")),
				this.children.options());
		this.tree.start();
		assertThat(this.tree.root().whichChildren()).extracting(ChildInfo::id, ChildInfo::state).containsExactly(
				org.assertj.core.groups.Tuple.tuple("a", ChildState.STOPPED),
				org.assertj.core.groups.Tuple.tuple("b", ChildState.RUNNING));
		assertThat(this.tree.root().restartChild("a").status()).isEqualTo(Outcome.Status.IGNORED);
		this.children.ignoredStarts.clear();
		assertThat(this.tree.root().restartChild("a").isOk()).isTrue();
	}

}
