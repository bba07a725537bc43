package dev.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import dev.supervisor.Outcome.Status;
import dev.supervisor.SupervisionModel.ChildDef;
import dev.supervisor.SupervisionModel.SupDef;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Runs random small trees against the engine and against {@link SupervisionModel}, a reference
 * model of OTP's supervisor rules, and compares them after every step: every node's state,
 * incarnation and restart count, each running supervisor's restart window, the tree's state, the
 * order in which services were started and stopped, the services alive, which supervisors gave up,
 * and the outcome of every operator operation. Time is a {@link ManualClock}, so intensity windows
 * are exact.
 * <p>
 * Replay one seed with {@code -Dmodel.seed=123}; change the run with {@code -Dmodel.seeds=200} and
 * {@code -Dmodel.steps=40}.
 * <p>
 * Three engine bugs this suite found have a regression test each: the operator's restart of a
 * running tree ({@link #operatorRestartOfRunningTreeStopsItInReverseOrderThenStartsItAfresh}),
 * {@code startChild} of a running child ({@link #startChildOfRunningChildAnswersRunningAsOtpAlreadyStarted})
 * and a tree started again while its failed run is still ending
 * ({@link #treeStartedAgainRightAfterItFailedIsNotEndedByThePreviousRunsExit}). The first two are
 * also among the random steps; {@code -Dmodel.knownBugs=false} leaves them out.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ModelBasedTest {

	private static final int SEEDS = Integer.getInteger("model.seeds", 200);

	private static final int STEPS = Integer.getInteger("model.steps", 40);

	private static final Long ONE_SEED = Long.getLong("model.seed");

	private static final boolean KNOWN_BUGS = !"false".equals(System.getProperty("model.knownBugs"));

	/** After this many failed seeds the rest are skipped: a few replayable failures are enough. */
	private static final int MAX_FAILURES = Integer.getInteger("model.maxFailures", 5);

	private static final Duration PERIOD = Duration.ofSeconds(5);

	/** The deadline for anything the engine must do in real time: stop its threads, answer a restart. */
	private static final Duration SETTLE = Duration.ofSeconds(5);

	/**
	 * How long a step's snapshot may keep disagreeing with the model after {@code settle()} before
	 * the case fails. {@code settle()} is exact, so this only guards against misjudging quiescence,
	 * and every use of it is counted and fails the run.
	 */
	private static final Duration SETTLE_AGAIN = Duration.ofSeconds(1);

	/** A whole case takes well under a second; past this the engine is stuck and the case fails. */
	private static final Duration CASE_DEADLINE = Duration.ofSeconds(30);

	private static final RestartType[] SERVICE_RESTARTS = RestartType.values();

	private static final RestartType[] SUPERVISOR_RESTARTS = { RestartType.PERMANENT, RestartType.TRANSIENT,
			RestartType.TEMPORARY };

	/** The rules a full run must have applied at least once (prefixes of the model's coverage keys). */
	private static final List<String> RULES = List.of("restart one-for-one", "restart one-for-all (group)",
			"restart rest-for-one (group)", "group restart starts a sibling that was not running",
			"group restart drops a temporary sibling", "window: old restarts expired",
			"window: a restart exactly one period old still counts", "gave up (root", "gave up (nested",
			"nested supervisor exited (gave up), parent applies permanent",
			"nested supervisor exited (gave up), parent applies transient",
			"nested supervisor exited (gave up), parent applies temporary", "nested supervisor exited (shutdown)",
			"intrinsic child exited normally", "transient child exited normally", "temporary child exited",
			"auto-shutdown any-significant", "auto-shutdown all-significant",
			"all-significant: another significant child still runs", "terminateChild -> OK",
			"terminateChild -> NOT_FOUND", "terminateChild -> SUPERVISOR_DOWN", "restartChild -> OK",
			"restartChild -> RUNNING", "restartChild -> NOT_FOUND", "deleteChild -> OK", "deleteChild -> RUNNING",
			"deleteChild -> NOT_FOUND", "forceRestartChild -> OK", "startChild -> OK",
			"startChild -> ALREADY_PRESENT", "tree restarted while failed",
			"tree restarted while stopped", "second exit handled after the first", "second exit absorbed");

	/** Steps after which the snapshot agreed only after polling (a quiescence problem, not a rule). */
	private final AtomicInteger lateSettles = new AtomicInteger();

	private final AtomicInteger casesRun = new AtomicInteger();

	private final AtomicInteger casesPassed = new AtomicInteger();

	private final Map<String, Integer> coverage = new ConcurrentHashMap<>();

	@TestFactory
	Stream<DynamicTest> randomTreesFollowOtpSupervisionRulesStepByStep() {
		LongStream seeds = (ONE_SEED != null) ? LongStream.of(ONE_SEED) : LongStream.rangeClosed(1, SEEDS);
		return seeds.mapToObj((seed) -> dynamicTest("seed " + seed, () -> {
			assumeTrue(this.casesRun.get() - this.casesPassed.get() < MAX_FAILURES,
					() -> MAX_FAILURES + " seeds failed already (-Dmodel.maxFailures to see more)");
			Case test = new Case(seed, STEPS);
			this.casesRun.incrementAndGet();
			assertTimeoutPreemptively(CASE_DEADLINE, test::run, test::hangReport);
			test.model.coverage.forEach((rule, count) -> this.coverage.merge(rule, count, Integer::sum));
			this.casesPassed.incrementAndGet();
		}));
	}

	@Test
	void treeStartedAgainRightAfterItFailedIsNotEndedByThePreviousRunsExit() throws InterruptedException {
		CountDownLatch stopping = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<Thread> oldRoot = new CopyOnWriteArrayList<>();
		// Holds the failed root's thread where it publishes SUPERVISOR_STOPPED: a slow listener, or a
		// preemption, at the same point of the real engine.
		SupervisionListener slowListener = (event) -> {
			if (event.type() == SupervisionEvent.Type.SUPERVISOR_STOPPED && event.path().equals("again")
					&& oldRoot.isEmpty()) {
				oldRoot.add(Thread.currentThread());
				stopping.countDown();
				try {
					release.await(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		};
		TestChildren children = new TestChildren();
		SupervisionTree tree = SupervisionTree.create("again",
				SupervisorSpec.oneForOne(children.service("a")).withIntensity(0, PERIOD),
				TreeOptions.defaults().withClock(new ManualClock()).withListener(slowListener).withReports(false));
		tree.start();
		try {
			children.crash("again/a");
			assertThat(stopping.await(SETTLE.toMillis(), TimeUnit.MILLISECONDS)).as("the root gave up").isTrue();
			assertThat(tree.state()).isEqualTo(ChildState.FAILED);
			tree.start();
			release.countDown();
			oldRoot.get(0).join(SETTLE.toMillis());
			assertThat(tree.state()).isEqualTo(ChildState.RUNNING);
			assertThat(tree.termination()).as("the termination of the run started after the failure").isNotDone();
		}
		finally {
			release.countDown();
			tree.stop();
		}
	}

	@Test
	void startChildOfRunningChildAnswersRunningAsOtpAlreadyStarted() {
		TestChildren children = new TestChildren();
		SupervisionTree tree = SupervisionTree.create("sc", SupervisorSpec.oneForOne(children.service("a")),
				TreeOptions.defaults().withClock(new ManualClock()).withReports(false));
		tree.start();
		try {
			// OTP start_child/2: {error, {already_started, Pid}} for a running child ...
			assertThat(tree.root().startChild(children.service("a")).status()).isEqualTo(Status.RUNNING);
			assertThat(tree.root().terminateChild("a").status()).isEqualTo(Status.OK);
			// ... and {error, already_present} for one whose spec is kept but does not run.
			assertThat(tree.root().startChild(children.service("a")).status()).isEqualTo(Status.ALREADY_PRESENT);
		}
		finally {
			tree.stop();
		}
	}

	@Test
	void operatorRestartOfRunningTreeStopsItInReverseOrderThenStartsItAfresh() {
		TestChildren children = new TestChildren();
		SupervisionTree tree = SupervisionTree.create("rr",
				SupervisorSpec.oneForOne(children.service("a"), children.service("b")),
				TreeOptions.defaults().withClock(new ManualClock()).withReports(false));
		tree.start();
		Outcome outcome = assertTimeoutPreemptively(SETTLE, tree::restart,
				() -> "tree.restart() of a running tree did not return within " + SETTLE + "\n"
						+ threadDump("rr"));
		assertThat(outcome.status()).isEqualTo(Status.OK);
		assertThat(tree.state()).isEqualTo(ChildState.RUNNING);
		assertThat(tree.snapshot().incarnation()).isEqualTo(2);
		assertThat(children.journal).containsExactly("start:rr/a#1", "start:rr/b#1", "stop:rr/b#1", "stop:rr/a#1",
				"start:rr/a#1", "start:rr/b#1");
		tree.stop();
	}

	@AfterAll
	void everyRuleWasExercisedAndQuiescenceNeverMisjudged() {
		StringBuilder table = new StringBuilder("Rules applied by the model over " + this.casesPassed + " cases:\n");
		new TreeMap<>(this.coverage).forEach((rule, count) -> table.append(String.format("%7d  %s%n", count, rule)));
		System.out.println(table);
		assertThat(this.lateSettles.get())
			.as("steps whose engine state agreed only after polling (quiescence misjudged)")
			.isZero();
		if (ONE_SEED == null && SEEDS >= 100 && this.casesPassed.get() == this.casesRun.get()) {
			assertThat(RULES).as("rules never applied by a full run (the generator no longer reaches them)\n" + table)
				.allSatisfy((rule) -> assertThat(this.coverage.keySet()).anySatisfy(
						(key) -> assertThat(key).startsWith(rule)));
		}
	}

	/** One seed: a generated tree, its model, and the steps run against both. */
	private final class Case {

		private final long seed;

		private final int stepCount;

		private final Random random;

		private final String name;

		private final SupDef def;

		private final SupervisionModel model;

		private final ManualClock clock = new ManualClock();

		/** Every thread the tree made, so quiescence can wait for a supervisor's thread to end. */
		private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());

		private final Probe probe = new Probe();

		private final List<String> steps = Collections.synchronizedList(new ArrayList<>());

		private final List<String> supervisorPaths = new ArrayList<>();

		/** One handle per supervisor for the whole case: a handle follows its supervisor across restarts. */
		private final Map<String, SupervisorHandle> handles = new HashMap<>();

		private SupervisionTree tree;

		private int journalMark;

		private int modelJournalMark;

		private int gaveUpMark;

		private int modelGaveUpMark;

		Case(long seed, int stepCount) {
			this.seed = seed;
			this.stepCount = stepCount;
			this.random = new Random(seed);
			this.name = "mb" + seed;
			this.def = generateSupervisor(this.random, true);
			this.model = new SupervisionModel(this.name, this.def);
			this.supervisorPaths.add(this.name);
			for (ChildDef child : this.def.children()) {
				if (child.nested() != null) {
					this.supervisorPaths.add(this.name + "/" + child.id());
				}
			}
		}

		void run() throws InterruptedException {
			invalidSignificanceIsRejected();
			this.tree = SupervisionTree.create(this.name, toSpec(this.def),
					TreeOptions.defaults()
						.withClock(this.clock)
						.withListener(this.probe)
						.withReports(false)
						.withThreadFactory(this::newThread));
			for (String path : this.supervisorPaths) {
				this.handles.put(path, this.tree.supervisor(path));
			}
			boolean passed = false;
			try {
				this.steps.add("0. start");
				this.tree.start();
				this.model.start();
				check();
				for (int i = 1; i <= this.stepCount; i++) {
					step(i);
					check();
				}
				this.steps.add((this.stepCount + 1) + ". stop");
				this.tree.stop();
				this.model.stop();
				check();
				passed = true;
			}
			finally {
				this.tree.stop();
				if (passed) {
					// Not after a failure: the failure says more than the threads it left behind.
					assertNoThreadLeft();
				}
			}
		}

		// ---- steps

		private void step(int number) {
			String prefix = number + ". ";
			boolean running = this.model.treeState() == ChildState.RUNNING;
			List<String> services = this.model.runningServices();
			int roll = this.random.nextInt(100);
			if (!running && roll < 40) {
				restartTree(prefix);
			}
			else if (running && roll >= 98) {
				if (KNOWN_BUGS) {
					restartTree(prefix);
				}
				else {
					this.steps.add(prefix + "tree.stop()");
					this.tree.stop();
					this.model.stop();
				}
			}
			else if (roll < 28 && !services.isEmpty()) {
				String path = services.get(this.random.nextInt(services.size()));
				this.steps.add(prefix + "crash " + path);
				this.probe.crash(path);
				this.model.crash(path);
			}
			else if (roll < 36 && !services.isEmpty()) {
				exitTwoAtOnce(prefix, services);
			}
			else if (roll < 46 && !services.isEmpty()) {
				String path = services.get(this.random.nextInt(services.size()));
				this.steps.add(prefix + "exit normally " + path);
				this.probe.exitNormally(path);
				this.model.exitNormally(path);
			}
			else if (roll < 72) {
				operate(prefix);
			}
			else {
				Duration amount = advanceAmount();
				this.steps.add(prefix + "advance " + amount.toMillis() + "ms");
				this.clock.advance(amount);
				this.model.advance(amount);
			}
		}

		/**
		 * Two running services of one supervisor report their exits back to back, so the second
		 * waits in the mailbox while the first is handled; or a single crash if there is no pair.
		 */
		private void exitTwoAtOnce(String prefix, List<String> services) {
			List<String[]> pairs = new ArrayList<>();
			for (String first : services) {
				for (String second : services) {
					if (!first.equals(second) && parentOf(first).equals(parentOf(second))) {
						pairs.add(new String[] { first, second });
					}
				}
			}
			if (pairs.isEmpty()) {
				String path = services.get(this.random.nextInt(services.size()));
				this.steps.add(prefix + "crash " + path);
				this.probe.crash(path);
				this.model.crash(path);
				return;
			}
			String[] pair = pairs.get(this.random.nextInt(pairs.size()));
			SupervisionModel.Reason first = this.random.nextBoolean() ? SupervisionModel.Reason.CRASHED
					: SupervisionModel.Reason.NORMAL;
			SupervisionModel.Reason second = this.random.nextBoolean() ? SupervisionModel.Reason.CRASHED
					: SupervisionModel.Reason.NORMAL;
			this.steps.add(prefix + "at once: " + describe(first) + " " + pair[0] + ", " + describe(second) + " "
					+ pair[1]);
			this.probe.exitTogether(pair[0], first, pair[1], second);
			this.model.exitTogether(pair[0], first, pair[1], second);
		}

		private static String parentOf(String path) {
			return path.substring(0, path.lastIndexOf('/'));
		}

		private static String describe(SupervisionModel.Reason reason) {
			return (reason == SupervisionModel.Reason.CRASHED) ? "crash" : "exit normally";
		}

		private void restartTree(String prefix) {
			this.steps.add(prefix + "tree.restart() (tree " + this.model.treeState() + ")");
			Outcome outcome = this.tree.restart();
			Status expected = this.model.restartTree();
			this.steps.set(this.steps.size() - 1, this.steps.get(this.steps.size() - 1) + " -> " + outcome.status());
			assertThat(outcome.status()).as(this::context).isEqualTo(expected);
		}

		private void operate(String prefix) {
			String supervisor = this.supervisorPaths.get(this.random.nextInt(this.supervisorPaths.size()));
			List<ChildDef> children = definitionOf(supervisor).children();
			// Now and then a child the spec never had: NOT_FOUND, or a new child for startChild.
			ChildDef child = (this.random.nextInt(10) == 0)
					? new ChildDef("nobody", SERVICE_RESTARTS[this.random.nextInt(SERVICE_RESTARTS.length)], false, null)
					: children.get(this.random.nextInt(children.size()));
			String id = child.id();
			SupervisorHandle handle = this.handles.get(supervisor);
			int operation = this.random.nextInt(5);
			if (operation == 4 && !KNOWN_BUGS && this.model.isRunning(supervisor, id)) {
				// startChild of a running child is a known bug; restartChild answers RUNNING there too.
				operation = 1;
			}
			String[] names = { "terminateChild", "restartChild", "deleteChild", "forceRestartChild", "startChild" };
			this.steps.add(prefix + supervisor + " " + names[operation] + "(" + id + ")");
			Outcome outcome = switch (operation) {
				case 0 -> handle.terminateChild(id);
				case 1 -> handle.restartChild(id);
				case 2 -> handle.deleteChild(id);
				case 3 -> handle.forceRestartChild(id);
				default -> handle.startChild(toSpec(child));
			};
			Status expected = this.model.noted(names[operation], switch (operation) {
				case 0 -> this.model.terminateChild(supervisor, id);
				case 1 -> this.model.restartChild(supervisor, id);
				case 2 -> this.model.deleteChild(supervisor, id);
				case 3 -> this.model.forceRestartChild(supervisor, id);
				default -> this.model.startChild(supervisor, child);
			});
			this.steps.set(this.steps.size() - 1, this.steps.get(this.steps.size() - 1) + " -> " + outcome.status()
					+ ((outcome.status() != expected) ? " (model: " + expected + ")" : ""));
			assertThat(outcome.status()).as(this::context).isEqualTo(expected);
		}

		private Duration advanceAmount() {
			int kind = this.random.nextInt(10);
			if (kind == 0) {
				// Exactly one period: an entry exactly period old still counts (OTP add_restart/1).
				return PERIOD;
			}
			if (kind == 1) {
				return Duration.ofMillis(1);
			}
			return Duration.ofMillis(500L * (1 + this.random.nextInt(12)));
		}

		private SupDef definitionOf(String supervisorPath) {
			if (supervisorPath.equals(this.name)) {
				return this.def;
			}
			String id = supervisorPath.substring(this.name.length() + 1);
			for (ChildDef child : this.def.children()) {
				if (child.id().equals(id)) {
					return child.nested();
				}
			}
			throw new IllegalArgumentException(supervisorPath);
		}

		// ---- checks

		private void check() throws InterruptedException {
			settle();
			List<String> expected = this.model.expectedNodes();
			List<String> actual = SupervisionModel.describe(this.tree.snapshot());
			if (!actual.equals(expected)) {
				try {
					await().atMost(SETTLE_AGAIN).pollInterval(Duration.ofMillis(5)).until(() -> {
						settle();
						return SupervisionModel.describe(this.tree.snapshot()).equals(expected);
					});
					ModelBasedTest.this.lateSettles.incrementAndGet();
					actual = expected;
				}
				catch (ConditionTimeoutException ex) {
					actual = SupervisionModel.describe(this.tree.snapshot());
				}
				assertThat(actual).as(() -> context() + "\nnodes (path state #incarnation restarts window)")
					.containsExactlyElementsOf(expected);
			}
			assertThat(this.tree.state()).as(() -> context() + "\ntree state").isEqualTo(this.model.treeState());
			assertThat(this.tree.termination().isDone()).as(() -> context() + "\ntermination done")
				.isEqualTo(this.model.treeState() != ChildState.RUNNING);
			List<String> journal = this.probe.journalSince(this.journalMark);
			this.journalMark += journal.size();
			List<String> expectedJournal = this.model.journal.subList(this.modelJournalMark, this.model.journal.size());
			// The stop of a service that reported its exit at the same time happens or not, by the
			// race, at most once, and within the step: a stop that comes later would be a stop after
			// the exit was reported (Service#stop's contract; seed 163 once saw that before the
			// report and the stop request were decided at one point).
			List<String> optional = new ArrayList<>(this.model.optionalJournal);
			this.model.optionalJournal.clear();
			List<String> certain = new ArrayList<>(journal);
			for (String entry : optional) {
				assertThat(Collections.frequency(certain, entry)).as(() -> context() + "\n" + entry).isLessThanOrEqualTo(1);
				certain.remove(entry);
			}
			List<String> journalShown = journal;
			assertThat(certain).as(() -> context() + "\nservice starts and stops of the step, in order (all: "
					+ journalShown + ", may be missing: " + optional + ")")
				.containsExactlyElementsOf(expectedJournal);
			this.modelJournalMark = this.model.journal.size();
			assertThat(this.probe.live()).as(() -> context() + "\nlive service incarnations")
				.containsExactlyInAnyOrderElementsOf(this.model.liveIncarnations());
			List<String> gaveUp = this.probe.gaveUpSince(this.gaveUpMark);
			assertThat(gaveUp).as(() -> context() + "\nsupervisors that gave up in the step")
				.containsExactlyElementsOf(this.model.gaveUp.subList(this.modelGaveUpMark, this.model.gaveUp.size()));
			this.gaveUpMark += gaveUp.size();
			this.modelGaveUpMark = this.model.gaveUp.size();
			for (String path : this.supervisorPaths) {
				checkQueries(path);
			}
			this.probe.stepEvents.clear();
		}

		/** OTP which_children/1 and count_children/1 through the handle agree with the model. */
		private void checkQueries(String path) {
			SupervisorHandle handle = this.handles.get(path);
			List<String> expected = this.model.whichChildren(path);
			if (expected == null) {
				assertThatExceptionOfType(SupervisorDownException.class).as(() -> context() + "\n" + path + " is down")
					.isThrownBy(handle::whichChildren);
				assertThatExceptionOfType(SupervisorDownException.class).as(() -> context() + "\n" + path + " is down")
					.isThrownBy(handle::countChildren);
				return;
			}
			List<String> actual = new ArrayList<>();
			for (ChildInfo info : handle.whichChildren()) {
				actual.add(info.id() + " " + info.kind() + " " + info.state() + " #" + info.incarnation());
			}
			assertThat(actual).as(() -> context() + "\n" + path + " whichChildren()").containsExactlyElementsOf(expected);
			assertThat(handle.countChildren()).as(() -> context() + "\n" + path + " countChildren()")
				.isEqualTo(this.model.countChildren(path));
		}

		/**
		 * Waits until the engine has handled everything the step set off. An exit is a message to
		 * the child's supervisor; handling it may end that supervisor, whose exit is a message to
		 * its parent. A call through a handle is served after every message queued before it, so
		 * one call per supervisor, deepest first, waits for the whole chain; but a handle answers
		 * DOWN as soon as its supervisor is terminating, possibly before that supervisor has told
		 * its parent. So on DOWN the threads that carried that path before the call are joined too:
		 * a supervisor's thread ends only after it has told its parent (or the tree).
		 */
		private void settle() throws InterruptedException {
			for (int i = this.supervisorPaths.size() - 1; i >= 0; i--) {
				String path = this.supervisorPaths.get(i);
				try {
					this.handles.get(path).whichChildren();
				}
				catch (SupervisorDownException ex) {
					// A supervisor reports its exit to its parent before it answers "down", and the
					// parent is asked next (deepest first): its mailbox serves that exit first.
				}
			}
		}

		private Thread newThread(Runnable task) {
			Thread thread = Threads.platform().newThread(task);
			synchronized (this.threads) {
				this.threads.removeIf((old) -> old.getState() == Thread.State.TERMINATED);
				this.threads.add(thread);
			}
			return thread;
		}

		/** The live threads the engine named after a supervisor's path: its incarnations' loops. */
		private void assertNoThreadLeft() throws InterruptedException {
			long deadline = System.nanoTime() + SETTLE.toNanos();
			List<String> alive = new ArrayList<>();
			for (Thread thread : Thread.getAllStackTraces().keySet()) {
				if (thread.getName().equals(this.name) || thread.getName().startsWith(this.name + "/")) {
					thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
					if (thread.isAlive()) {
						alive.add(thread.getName());
					}
				}
			}
			assertThat(alive).as(() -> context() + "\nthreads of the tree still alive after stop").isEmpty();
		}

		/** A significant permanent or intrinsic child, or one under auto-shutdown never, is rejected. */
		private void invalidSignificanceIsRejected() {
			StaticSupervisorSpec valid = toSpec(this.def);
			boolean underNever = this.random.nextBoolean();
			RestartType restart = underNever
					? ((this.random.nextBoolean()) ? RestartType.TRANSIENT : RestartType.TEMPORARY)
					: ((this.random.nextBoolean()) ? RestartType.PERMANENT : RestartType.INTRINSIC);
			AutoShutdown autoShutdown = underNever ? AutoShutdown.NEVER
					: ((this.random.nextBoolean()) ? AutoShutdown.ANY_SIGNIFICANT : AutoShutdown.ALL_SIGNIFICANT);
			StaticSupervisorSpec invalid = valid.withAutoShutdown(autoShutdown)
				.withChild(service("bad", this.probe).withRestart(restart).withSignificant(true));
			assertThatExceptionOfType(InvalidSpecException.class)
				.as("significant %s child under auto-shutdown %s", restart, autoShutdown)
				.isThrownBy(() -> SupervisionTree.create(this.name, invalid))
				.satisfies((ex) -> assertThat(ex.problems()).anySatisfy(
						(problem) -> assertThat(problem.path()).isEqualTo(this.name + "/bad")));
		}

		/** What the case was doing when it ran out of time, with the stacks of the tree's threads. */
		String hangReport() {
			return context() + "\nthe case did not finish within " + CASE_DEADLINE + " (the engine is stuck):\n"
					+ threadDump(this.name);
		}

		private String context() {
			StringBuilder text = new StringBuilder("\nModel-based case failed: seed ").append(this.seed)
				.append(" (replay: mvn -B -q test -pl supervisor-core -Dtest=ModelBasedTest -Dmodel.seed=")
				.append(this.seed)
				.append(")\ntree ")
				.append(this.name)
				.append(": ")
				.append(this.def)
				.append("\nsteps:\n");
			this.steps.forEach((step) -> text.append("  ").append(step).append('\n'));
			text.append("events of the last step: ").append(this.probe.stepEvents);
			return text.toString();
		}

		private ChildSpec toSpec(ChildDef child) {
			ChildSpec spec = (child.nested() != null) ? ChildSpec.supervisor(child.id(), toSpec(child.nested()))
					: service(child.id(), this.probe);
			return spec.withRestart(child.restart()).withSignificant(child.significant());
		}

		private StaticSupervisorSpec toSpec(SupDef supervisor) {
			List<ChildSpec> children = new ArrayList<>();
			for (ChildDef child : supervisor.children()) {
				children.add(toSpec(child));
			}
			return new StaticSupervisorSpec(supervisor.strategy(), supervisor.intensity(), supervisor.period(),
					supervisor.autoShutdown(), children);
		}

	}

	/** The stacks of the threads of a tree and of the test's own threads. */
	private static String threadDump(String treeName) {
		StringBuilder text = new StringBuilder();
		Thread.getAllStackTraces().forEach((thread, stack) -> {
			String name = thread.getName();
			if (name.equals(treeName) || name.startsWith(treeName + "/") || name.startsWith("junit-timeout")) {
				text.append('"').append(name).append("\" ").append(thread.getState()).append('\n');
				for (StackTraceElement frame : stack) {
					text.append("    at ").append(frame).append('\n');
				}
			}
		});
		return text.toString();
	}

	// ---- generation

	/**
	 * A static supervisor with 1-5 children (the root) or 1-3 services (a nested one), a random
	 * strategy and intensity 0-3 in 5 s; significant children only where they are valid.
	 */
	private static SupDef generateSupervisor(Random random, boolean root) {
		Strategy strategy = Strategy.values()[random.nextInt(Strategy.values().length)];
		int intensity = random.nextInt(4);
		int roll = random.nextInt(4);
		AutoShutdown autoShutdown = (roll < 2) ? AutoShutdown.NEVER
				: (roll == 2) ? AutoShutdown.ANY_SIGNIFICANT : AutoShutdown.ALL_SIGNIFICANT;
		int count = root ? 1 + random.nextInt(5) : 1 + random.nextInt(3);
		List<ChildDef> children = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			boolean nested = root && random.nextInt(4) == 0;
			RestartType restart = nested ? SUPERVISOR_RESTARTS[random.nextInt(SUPERVISOR_RESTARTS.length)]
					: SERVICE_RESTARTS[random.nextInt(SERVICE_RESTARTS.length)];
			boolean significant = autoShutdown != AutoShutdown.NEVER
					&& (restart == RestartType.TRANSIENT || restart == RestartType.TEMPORARY) && random.nextBoolean();
			String id = (nested ? "s" : (root ? "c" : "w")) + i;
			children.add(new ChildDef(id, restart, significant, nested ? generateSupervisor(random, false) : null));
		}
		return new SupDef(strategy, intensity, PERIOD, autoShutdown, children);
	}

	private static ChildSpec service(String id, Probe probe) {
		return ChildSpec.service(id, (context) -> probe.new ModelService());
	}

	/**
	 * Watches the engine from outside: the services record their starts and stops, the listener
	 * records give-ups and the events of the current step.
	 */
	private static final class Probe implements SupervisionListener {

		private final List<String> journal = Collections.synchronizedList(new ArrayList<>());

		private final Map<ServiceContext, String> live = new ConcurrentHashMap<>();

		private final List<String> gaveUp = Collections.synchronizedList(new ArrayList<>());

		final List<String> stepEvents = Collections.synchronizedList(new ArrayList<>());

		@Override
		public void onEvent(SupervisionEvent event) {
			if (event.type() == SupervisionEvent.Type.GAVE_UP) {
				this.gaveUp.add(event.path());
			}
			this.stepEvents.add(event.type() + " " + event.path() + "#" + event.incarnation()
					+ ((event.reason() != null) ? " " + event.reason().kind() : ""));
		}

		void crash(String path) {
			take(path).fail(new IllegalStateException("model crash of " + path));
		}

		void exitNormally(String path) {
			take(path).exit();
		}

		/** Both contexts are taken first: handling the first exit may stop the second service. */
		void exitTogether(String first, SupervisionModel.Reason firstReason, String second,
				SupervisionModel.Reason secondReason) {
			ServiceContext firstContext = take(first);
			ServiceContext secondContext = take(second);
			exit(firstContext, firstReason);
			exit(secondContext, secondReason);
		}

		private void exit(ServiceContext context, SupervisionModel.Reason reason) {
			if (reason == SupervisionModel.Reason.CRASHED) {
				context.fail(new IllegalStateException("model crash of " + context.path()));
			}
			else {
				context.exit();
			}
		}

		private ServiceContext take(String path) {
			for (ServiceContext context : this.live.keySet()) {
				if (context.path().equals(path)) {
					this.live.remove(context);
					return context;
				}
			}
			return fail("no live service at " + path + " (live: " + this.live.values() + ")");
		}

		List<String> live() {
			return new ArrayList<>(this.live.values());
		}

		List<String> journalSince(int mark) {
			synchronized (this.journal) {
				return new ArrayList<>(this.journal.subList(mark, this.journal.size()));
			}
		}

		List<String> gaveUpSince(int mark) {
			synchronized (this.gaveUp) {
				return new ArrayList<>(this.gaveUp.subList(mark, this.gaveUp.size()));
			}
		}

		/** A service that records its starts and stops; it ends when the test tells it to. */
		final class ModelService implements Service {

			@Override
			public void start(ServiceContext context) {
				String incarnation = context.path() + "#" + context.incarnation();
				Probe.this.journal.add("start:" + incarnation);
				Probe.this.live.put(context, incarnation);
			}

			@Override
			public void stop(ServiceContext context) {
				Probe.this.journal.add("stop:" + context.path() + "#" + context.incarnation());
				Probe.this.live.remove(context);
			}

		}

	}

}
