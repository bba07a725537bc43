package dev.supervisor.spring.history;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.supervisor.ChildSpec;
import dev.supervisor.RestartType;
import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.SupervisionTree;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.TreeOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The event history on real trees: bounded per node, newest first, paged, dynamic children
 * folded into their supervisor, and live subscriptions that never hold a supervisor up.
 */
class SupervisionHistoryTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	/** The running incarnations of {@link #service}, by path. */
	private final Map<String, ServiceContext> running = new ConcurrentHashMap<>();

	private final List<SupervisionTree> trees = new ArrayList<>();

	@AfterEach
	void stopTrees() {
		this.trees.forEach(SupervisionTree::stop);
	}

	@Test
	void aNodeKeepsOnlyItsLastSizeEventsNewestFirst() {
		SupervisionHistory history = new SupervisionHistory(5, Set.of(), Clock.systemUTC());
		start(history, SupervisorSpec.oneForOne(service("a")).withIntensity(1000, Duration.ofMinutes(1)));
		for (int i = 1; i <= 10; i++) {
			crash("t/a", "crash " + i);
		}
		HistoryPage page = history.page("t/a", 0, 100);
		assertThat(page.size()).isEqualTo(5);
		assertThat(page.total()).isEqualTo(5);
		assertThat(page.events()).hasSize(5);
		List<Long> seqs = page.events().stream().map(HistoryEntry::seq).toList();
		assertThat(seqs).isSortedAccordingTo((a, b) -> Long.compare(b, a));
		HistoryEntry lastCrash = page.events().stream().filter((e) -> e.type().equals("exited")).findFirst().orElseThrow();
		assertThat(lastCrash.error().message()).isEqualTo("crash 10");
		assertThat(lastCrash.incarnation()).isEqualTo(10);
	}

	@Test
	void pagesAreNewestFirstWithOffsetAndLimit() {
		SupervisionHistory history = new SupervisionHistory(100, Set.of(), Clock.systemUTC());
		start(history, SupervisorSpec.oneForOne(service("a")).withIntensity(1000, Duration.ofMinutes(1)));
		for (int i = 1; i <= 6; i++) {
			crash("t/a", "crash " + i);
		}
		List<HistoryEntry> all = history.page("t/a", 0, 100).events();
		HistoryPage second = history.page("t/a", 3, 3);
		assertThat(second.offset()).isEqualTo(3);
		assertThat(second.total()).isEqualTo(all.size());
		assertThat(second.events()).containsExactlyElementsOf(all.subList(3, 6));
		assertThat(history.page("t/a", all.size() + 10, 3).events()).isEmpty();
		assertThat(history.page("t/unknown", 0, 10).total()).isZero();
	}

	@Test
	void aCrashKeepsItsExceptionClassMessageTopFramesAndCause() {
		SupervisionHistory history = new SupervisionHistory(10, Set.of(), Clock.systemUTC());
		start(history, SupervisorSpec.oneForOne(service("a")).withIntensity(10, Duration.ofMinutes(1)));
		ServiceContext context = await().atMost(DEADLINE).until(() -> this.running.get("t/a"), (c) -> c != null);
		this.running.remove("t/a");
		context.fail(new IllegalStateException("ledger is gone", new java.io.IOException("disk full")));
		await().atMost(DEADLINE).until(() -> this.running.containsKey("t/a"));
		HistoryEntry exit = history.page("t/a", 0, 10)
			.events()
			.stream()
			.filter((e) -> e.type().equals("exited"))
			.findFirst()
			.orElseThrow();
		assertThat(exit.reason()).isEqualTo("crashed");
		assertThat(exit.error().exception()).isEqualTo(IllegalStateException.class.getName());
		assertThat(exit.error().message()).isEqualTo("ledger is gone");
		assertThat(exit.error().frames()).isNotEmpty()
			.hasSizeLessThanOrEqualTo(ErrorDetails.MAX_FRAMES)
			.first()
			.asString()
			.contains(SupervisionHistoryTests.class.getName());
		assertThat(exit.error().cause().exception()).isEqualTo("java.io.IOException");
		assertThat(exit.error().cause().message()).isEqualTo("disk full");
		assertThat(history.page("t/a", 0, 10).events()).extracting(HistoryEntry::type).contains("restarted");
	}

	@Test
	void dynamicChildrenAreFoldedIntoTheirSupervisorWithTheirIdAndCostNoNodes() {
		SupervisionHistory history = new SupervisionHistory(50, Set.of("t/pool"), Clock.systemUTC());
		SupervisionTree tree = start(history, SupervisorSpec.oneForOne(ChildSpec.supervisor("pool",
				SupervisorSpec.dynamic(service("c").withRestart(RestartType.TEMPORARY)))));
		for (int i = 0; i < 2000; i++) {
			assertThat(tree.supervisor("t/pool").startDynamicChild("c-" + i, null).isOk()).isTrue();
		}
		crash("t/pool/c-7", "bucket lost");
		HistoryPage pool = history.page("t/pool", 0, 100);
		assertThat(pool.total()).as("bounded: 2001 events, 50 kept").isEqualTo(50);
		assertThat(pool.events().get(0).child()).isEqualTo("c-7");
		assertThat(pool.events().get(0).path()).isEqualTo("t/pool/c-7");
		assertThat(pool.events()).allSatisfy((entry) -> assertThat(entry.child()).startsWith("c-"));
		assertThat(history.nodeCount()).as("t, t/pool: the children add no node").isLessThanOrEqualTo(2);
		HistoryPage child = history.page("t/pool/c-7", 0, 100);
		assertThat(child.events()).isNotEmpty().allSatisfy((entry) -> assertThat(entry.child()).isEqualTo("c-7"));
		assertThat(child.events().get(0).error().message()).isEqualTo("bucket lost");
	}

	@Test
	void theChildrenOfADynamicChildAreFoldedIntoTheOutermostDynamicSupervisorLearnedFromItsEvents() {
		// Not declared up front: the history learns the dynamic supervisor from its own start.
		SupervisionHistory history = new SupervisionHistory(50, Set.of(), Clock.systemUTC());
		ChildSpec group = ChildSpec.supervisor("g", SupervisorSpec.oneForOne(service("w")))
			.withRestart(RestartType.TEMPORARY);
		SupervisionTree tree = start(history,
				SupervisorSpec.oneForOne(ChildSpec.supervisor("pool", SupervisorSpec.dynamic(group))));
		assertThat(tree.supervisor("t/pool").startDynamicChild("g-1", null).isOk()).isTrue();
		crash("t/pool/g-1/w", "inner crash");
		HistoryPage pool = history.page("t/pool", 0, 100);
		assertThat(pool.events()).extracting(HistoryEntry::child).contains("g-1", "g-1/w");
		assertThat(history.page("t/pool/g-1", 0, 100).events()).extracting(HistoryEntry::child)
			.contains("g-1", "g-1/w")
			.allSatisfy((id) -> assertThat(id).startsWith("g-1"));
		assertThat(history.page("t/pool/g-1/w", 0, 100).events()).isNotEmpty();
		assertThat(history.nodeCount()).isLessThanOrEqualTo(2);
	}

	@Test
	void operatorActionsAreRecordedWithThePrincipal() {
		SupervisionHistory history = new SupervisionHistory(10, Set.of("t/pool"), Clock.systemUTC());
		history.recordAction("t/a", "restart", "ok", "restarted", "alice");
		history.recordAction("t/pool/c-1", "terminate", "not-found", "no child 'c-1'", null);
		HistoryEntry restart = history.page("t/a", 0, 10).events().get(0);
		assertThat(restart.type()).isEqualTo(HistoryEntry.ACTION);
		assertThat(restart.action()).isEqualTo("restart");
		assertThat(restart.principal()).isEqualTo("alice");
		assertThat(restart.outcome()).isEqualTo("ok");
		HistoryEntry terminate = history.page("t/pool", 0, 10).events().get(0);
		assertThat(terminate.child()).isEqualTo("c-1");
		assertThat(terminate.principal()).isEqualTo("anonymous");
	}

	@Test
	void aSubscriberThatNeverReadsLosesEventsWithACountAndNeverHoldsTheSupervisorUp() {
		SupervisionHistory history = new SupervisionHistory(10, Set.of("t/pool"), Clock.systemUTC());
		SupervisionTree tree = start(history, SupervisorSpec.oneForOne(ChildSpec.supervisor("pool",
				SupervisorSpec.dynamic(service("c").withRestart(RestartType.TEMPORARY)))));
		HistorySubscription stuck = history.subscribe(16, -1);
		long before = history.lastSeq();
		// Each start waits for the supervisor, which records its event: a blocking offer would hang here.
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			for (int i = 0; i < 5000; i++) {
				tree.supervisor("t/pool").startDynamicChild("c-" + i, null);
			}
		});
		long recorded = history.lastSeq() - before;
		assertThat(recorded).isGreaterThanOrEqualTo(5000);
		assertThat(stuck.buffered()).isEqualTo(16);
		assertThat(stuck.droppedTotal()).isEqualTo(recorded - 16);
		assertThat(stuck.takeDropped()).isEqualTo(recorded - 16);
		assertThat(stuck.takeDropped()).isZero();
		stuck.close();
		assertThat(history.subscribers()).isZero();
	}

	@Test
	void aSubscriberThatKeepsUpGetsEveryEventInOrder() throws InterruptedException {
		SupervisionHistory history = new SupervisionHistory(10, Set.of("t/pool"), Clock.systemUTC());
		SupervisionTree tree = start(history, SupervisorSpec.oneForOne(ChildSpec.supervisor("pool",
				SupervisorSpec.dynamic(service("c").withRestart(RestartType.TEMPORARY)))));
		try (HistorySubscription subscription = history.subscribe(10_000, -1)) {
			for (int i = 0; i < 100; i++) {
				tree.supervisor("t/pool").startDynamicChild("c-" + i, null);
			}
			List<HistoryEntry> received = new ArrayList<>();
			while (received.size() < 100) {
				HistoryEntry entry = subscription.poll(DEADLINE);
				assertThat(entry).as("event %s within %s", received.size(), DEADLINE).isNotNull();
				received.add(entry);
			}
			assertThat(received).extracting(HistoryEntry::child)
				.containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100).mapToObj((i) -> "c-" + i).toList());
			assertThat(subscription.droppedTotal()).isZero();
		}
	}

	@Test
	void aSubscriptionResumesAfterAnEventWithoutAGapOrSaysItCannot() {
		SupervisionHistory history = new SupervisionHistory(10, Set.of(), Clock.systemUTC());
		for (int i = 0; i < 10; i++) {
			history.recordAction("t/a", "restart", "ok", "#" + i, null);
		}
		long seventh = 7;
		try (HistorySubscription resumed = history.subscribe(100, seventh)) {
			assertThat(resumed.resumed()).isTrue();
			List<HistoryEntry> missed = new ArrayList<>();
			resumed.drainTo(missed, 100);
			assertThat(missed).extracting(HistoryEntry::seq).containsExactly(8L, 9L, 10L);
		}
		for (int i = 0; i < SupervisionHistory.RECENT_SIZE; i++) {
			history.recordAction("t/a", "restart", "ok", "more", null);
		}
		try (HistorySubscription tooLate = history.subscribe(100, seventh)) {
			assertThat(tooLate.resumed()).as("event 8 is no longer kept").isFalse();
			assertThat(tooLate.buffered()).isZero();
		}
		try (HistorySubscription tooMany = history.subscribe(10, history.lastSeq() - 50)) {
			assertThat(tooMany.resumed()).as("50 missed events do not fit a buffer of 10").isFalse();
		}
	}

	private SupervisionTree start(SupervisionHistory history, SupervisorSpec spec) {
		SupervisionTree tree = SupervisionTree.create("t", spec,
				TreeOptions.defaults().withReports(false).withListener(history::record));
		this.trees.add(tree);
		tree.start();
		return tree;
	}

	private ChildSpec service(String id) {
		return ChildSpec.service(id, (context) -> new Service() {

			@Override
			public void start(ServiceContext context) {
				SupervisionHistoryTests.this.running.put(context.path(), context);
			}

			@Override
			public void stop(ServiceContext context) {
				SupervisionHistoryTests.this.running.remove(context.path(), context);
			}

		});
	}

	/** Crashes the running incarnation at the path and waits until it runs again (or is gone). */
	private void crash(String path, String message) {
		ServiceContext context = await().atMost(DEADLINE).until(() -> this.running.get(path), (c) -> c != null);
		this.running.remove(path, context);
		context.fail(new IllegalStateException(message));
		await().atMost(DEADLINE).until(() -> this.running.get(path) != context);
	}

}
