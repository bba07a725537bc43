package dev.supervisor;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.supervisor.SupervisionEvent.Type.RESTARTED;
import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN §3 "Strategies" and "Group restarts". */
class StrategiesTest {

	@RegisterExtension
	final TestChildren children = new TestChildren();

	private SupervisionTree tree;

	private void start(Strategy strategy, ChildSpec... specs) {
		this.tree = this.children.create("t", SupervisorSpec.of(strategy, specs).withIntensity(10, Duration.ofSeconds(5)),
				this.children.options());
		this.tree.start();
		this.children.journal.clear();
	}

	@Test
	void oneForOneRestartsOnlyTheChildThatExited() throws Exception {
		start(Strategy.ONE_FOR_ONE, this.children.service("a"), this.children.service("b"), this.children.service("c"));
		this.children.crash("t/b");
		this.children.await(RESTARTED, "t/b");
		assertThat(this.children.journal).containsExactly("start:t/b#2");
	}

	@Test
	void oneForAllStopsOthersInReverseOrderThenRestartsAllInStartOrder() throws Exception {
		start(Strategy.ONE_FOR_ALL, this.children.service("a"), this.children.service("b"), this.children.service("c"),
				this.children.service("d"));
		this.children.crash("t/b");
		this.children.await(RESTARTED, "t/d");
		assertThat(this.children.journal).containsExactly("stop:t/d#1", "stop:t/c#1", "stop:t/a#1", "start:t/a#2",
				"start:t/b#2", "start:t/c#2", "start:t/d#2");
	}

	@Test
	void restForOneRestartsOnlyLaterSiblings() throws Exception {
		start(Strategy.REST_FOR_ONE, this.children.service("a"), this.children.service("b"), this.children.service("c"),
				this.children.service("d"));
		this.children.crash("t/b");
		this.children.await(RESTARTED, "t/d");
		assertThat(this.children.journal).containsExactly("stop:t/d#1", "stop:t/c#1", "start:t/b#2", "start:t/c#2",
				"start:t/d#2");
		assertThat(this.tree.find("t/a").orElseThrow().incarnation()).isEqualTo(1);
	}

	@Test
	void groupRestartRemovesTemporaryChildrenInsteadOfRestartingThem() throws Exception {
		start(Strategy.ONE_FOR_ALL, this.children.service("a"),
				this.children.service("tmp").withRestart(RestartType.TEMPORARY), this.children.service("c"));
		this.children.crash("t/a");
		this.children.await(RESTARTED, "t/c");
		assertThat(this.children.journal).containsExactly("stop:t/c#1", "stop:t/tmp#1", "start:t/a#2", "start:t/c#2");
		assertThat(this.tree.root().whichChildren()).extracting(ChildInfo::id).containsExactly("a", "c");
	}

	@Test
	void groupRestartAlsoStartsChildrenThatWereTerminatedOrDeclined() throws Exception {
		this.children.ignoredStarts.add("t/c");
		start(Strategy.ONE_FOR_ALL, this.children.service("a"), this.children.service("b"), this.children.service("c"));
		assertThat(this.tree.find("t/c").orElseThrow().state()).as("declined its start").isEqualTo(ChildState.STOPPED);
		this.children.ignoredStarts.clear();
		this.tree.root().terminateChild("b");
		this.children.journal.clear();
		this.children.crash("t/a");
		this.children.await(RESTARTED, "t/c");
		assertThat(this.children.journal).containsExactly("start:t/a#2", "start:t/b#2", "start:t/c#2");
	}

	@Test
	void groupRestartCountsOnceAgainstIntensity() throws Exception {
		start(Strategy.ONE_FOR_ALL, this.children.service("a"), this.children.service("b"), this.children.service("c"));
		this.children.crash("t/a");
		this.children.await(RESTARTED, "t/c");
		NodeSnapshot root = this.tree.snapshot();
		assertThat(root.supervisor().restartsInWindow()).isEqualTo(1);
	}

}
