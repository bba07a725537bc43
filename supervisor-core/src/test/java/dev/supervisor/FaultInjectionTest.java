package dev.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import dev.supervisor.FailurePathsTest.Caller;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Issue 16: random faults never make the engine hang, leak or lie. Each seed builds a random
 * tree on the real clock and real threads and runs random steps against it while faults are
 * injected everywhere user code runs: listeners, factories ({@code create} and {@code release}),
 * service starts and stops and worker runs throw {@link RuntimeException}s and {@link Error}s or
 * leave an interrupt behind; the thread factory refuses threads (returns {@code null}, or throws
 * as the JVM does when it cannot make one); the test interrupts random threads of the tree; some
 * children ignore their stop until the end of the case, so they are abandoned ({@code killed});
 * and operators call the supervisors meanwhile, from the test and from two background callers.
 * <p>
 * After each step, no node is {@code running} on an instance that was released. After the
 * steps: the tree stops within its worst-case shutdown, no caller is left blocked, every
 * instance a factory created is released exactly once, and no thread of the tree is left.
 * <p>
 * Whether a fault fires is a function of the seed and of where it would fire (the site, the
 * child's path and incarnation), so a seed replays the same faults whatever the interleaving.
 * Replay one seed with {@code -Dfaults.seed=123}; change the run with {@code -Dfaults.seeds=100}
 * and {@code -Dfaults.steps=40}.
 */
class FaultInjectionTest {

	private static final int SEEDS = Integer.getInteger("faults.seeds", 24);

	private static final int STEPS = Integer.getInteger("faults.steps", 30);

	private static final Long ONE_SEED = Long.getLong("faults.seed");

	/** Far past anything a case waits for in real time; past it something is stuck. */
	private static final Duration BOUND = Duration.ofSeconds(20);

	/** Scheduling slack on top of a worst-case shutdown (2 shared cores, other builds running). */
	private static final Duration SLACK = Duration.ofSeconds(3);

	private static final Duration CASE_DEADLINE = Duration.ofSeconds(90);

	/** The ids operations name: the static children's, and a few that may not exist. */
	private static final List<String> IDS = List.of("c0", "c1", "c2", "c3", "a", "b", "n1", "n2", "n3");

	@TestFactory
	Stream<DynamicTest> randomFaultsNeverLeaveACallerBlockedAnInstanceUnreleasedOrAThreadBehind() {
		LongStream seeds = (ONE_SEED != null) ? LongStream.of(ONE_SEED) : LongStream.rangeClosed(1, SEEDS);
		return seeds.mapToObj((seed) -> dynamicTest("seed " + seed, () -> {
			Case test = new Case(seed);
			try {
				assertTimeoutPreemptively(CASE_DEADLINE, test::run, () -> test.report("hung"));
			}
			catch (Throwable ex) {
				test.abandon();
				throw new AssertionError(test.report("failed"), ex);
			}
		}));
	}

	/** One seed: a tree, its faults, its steps and the checks. */
	static final class Case {

		private final long seed;

		private final java.util.Random plan;

		private final String name;

		/** The children that ignore their stop wait here until the case ends. */
		private final CountDownLatch stuck = new CountDownLatch(1);

		private final Map<String, ServiceContext> services = new ConcurrentHashMap<>();

		private final Map<String, FaultyWorker> workers = new ConcurrentHashMap<>();

		/** Instances created and released, counted by path and incarnation. */
		private final Map<String, AtomicInteger> created = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> released = new ConcurrentHashMap<>();

		private final Map<Object, AtomicInteger> releases = new ConcurrentHashMap<>();

		private final List<Object> instances = new CopyOnWriteArrayList<>();

		private final List<Thread> threads = new CopyOnWriteArrayList<>();

		private final List<String> supervisors = new CopyOnWriteArrayList<>();

		private final List<String> steps = new ArrayList<>();

		private final List<String> events = new CopyOnWriteArrayList<>();

		private final AtomicLong threadRequests = new AtomicLong();

		private final AtomicInteger faults = new AtomicInteger();

		private final AtomicInteger serial = new AtomicInteger();

		private volatile boolean calling = true;

		private SupervisionTree tree;

		Case(long seed) {
			this.seed = seed;
			this.plan = new java.util.Random(seed);
			this.name = "f" + seed;
		}

		void run() throws Exception {
			SupervisorSpec spec = root();
			TreeOptions options = TreeOptions.defaults()
				.withReports(false)
				.withLogger(new Quiet())
				.withThreadFactory(new Refusing())
				.withListener(this::onEvent);
			this.tree = SupervisionTree.create(this.name, spec, options);
			Duration worstCase = this.tree.worstCaseShutdown().orElseThrow();
			List<Thread> callers = List.of(caller(1), caller(2));
			startTree();
			for (int step = 0; step < STEPS; step++) {
				step();
				checkNoLie();
			}
			Caller<ExitReason> stop = Caller.start(() -> this.tree.stopAsync().join());
			long began = System.nanoTime();
			stop.result();
			Duration took = Duration.ofNanos(System.nanoTime() - began);
			// A group restart in progress may be stopping children when the stop comes: twice the worst case.
			assertThat(took).as("stop within twice its worst-case shutdown (%s) plus slack", worstCase)
				.isLessThanOrEqualTo(worstCase.multipliedBy(2).plus(SLACK));
			assertThat(this.tree.state()).isIn(ChildState.STOPPED, ChildState.FAILED);
			this.calling = false;
			for (Thread caller : callers) {
				caller.join(BOUND.toMillis());
				assertThat(caller.isAlive()).as("a caller is left blocked: %s", stackOf(caller)).isFalse();
			}
			this.stuck.countDown();
			await().atMost(BOUND).untilAsserted(() -> assertThat(this.instances)
				.as("instances never released").filteredOn((instance) -> !this.releases.containsKey(instance))
				.isEmpty());
			assertThat(this.releases.values()).as("released once each").allSatisfy((count) -> assertThat(count).hasValue(1));
			await().atMost(BOUND).untilAsserted(() -> assertThat(this.threads).as("threads left")
				.filteredOn(Thread::isAlive).extracting(Thread::getName).isEmpty());
			assertThat(this.threads).extracting(Thread::getName)
				.allSatisfy((thread) -> assertThat(thread).startsWith(this.name));
		}

		/** Lets whatever still runs end, so a failed case leaves nothing behind. */
		void abandon() {
			this.calling = false;
			this.stuck.countDown();
			if (this.tree != null) {
				this.tree.stopAsync();
			}
		}

		String report(String what) {
			int from = Math.max(0, this.events.size() - 40);
			return "seed " + this.seed + " " + what + " (replay with -Dfaults.seed=" + this.seed + "), " + this.faults
					+ " faults injected\nsteps: " + this.steps + "\nlast events:\n  "
					+ String.join("\n  ", this.events.subList(from, this.events.size()));
		}

		// The tree.

		private SupervisorSpec root() {
			List<ChildSpec> children = new ArrayList<>();
			int count = 2 + this.plan.nextInt(3);
			for (int i = 0; i < count; i++) {
				children.add(child("c" + i, this.name, 1));
			}
			this.supervisors.add(this.name);
			return SupervisorSpec.of(strategy(), children.toArray(ChildSpec[]::new))
				.withIntensity(6, Duration.ofSeconds(1));
		}

		private ChildSpec child(String id, String parent, int depth) {
			int kind = this.plan.nextInt((depth == 1) ? 6 : 4);
			String path = parent + "/" + id;
			if (kind >= 4) {
				this.supervisors.add(path);
				ChildSpec nested = (kind == 4)
						? ChildSpec.supervisor(id, SupervisorSpec.of(strategy(), child("a", path, 2), child("b", path, 2))
							.withIntensity(3, Duration.ofSeconds(1)))
						: ChildSpec.supervisor(id, SupervisorSpec.dynamic(leaf("tpl").withRestart(
								(this.plan.nextBoolean()) ? RestartType.TEMPORARY : RestartType.TRANSIENT)));
				Shutdown[] shutdowns = { Shutdown.INFINITY, Shutdown.BRUTAL_KILL, Shutdown.timeout(Duration.ofMillis(300)) };
				return nested.withShutdown(shutdowns[this.plan.nextInt(shutdowns.length)])
					.withRestart((this.plan.nextInt(4) == 0) ? RestartType.TRANSIENT : RestartType.PERMANENT);
			}
			return leaf(id);
		}

		private Strategy strategy() {
			return Strategy.values()[this.plan.nextInt(Strategy.values().length)];
		}

		private ChildSpec leaf(String id) {
			Shutdown shutdown = (this.plan.nextInt(3) == 0) ? Shutdown.BRUTAL_KILL
					: Shutdown.timeout(Duration.ofMillis(50 + this.plan.nextInt(100)));
			RestartType restart = RestartType.values()[this.plan.nextInt(RestartType.values().length)];
			if (restart == RestartType.INTRINSIC) {
				restart = RestartType.PERMANENT;
			}
			ChildSpec spec = this.plan.nextBoolean() ? ChildSpec.service(id, new Factory<Service>(FaultyService::new))
					: ChildSpec.worker(id, new Factory<Worker>(FaultyWorker::new));
			return spec.withShutdown(shutdown).withRestart(restart);
		}

		// The steps.

		private void startTree() throws Exception {
			for (int attempt = 0; attempt < 5; attempt++) {
				Caller<Outcome> start = Caller.start(() -> this.tree.restart());
				Outcome outcome = start.result();
				this.steps.add("start: " + outcome.status());
				if (outcome.isOk()) {
					return;
				}
			}
		}

		private void step() throws Exception {
			int what = this.plan.nextInt(100);
			String supervisor = this.supervisors.get(this.plan.nextInt(this.supervisors.size()));
			String id = IDS.get(this.plan.nextInt(IDS.size()));
			if (what < 25) {
				crashSomething();
			}
			else if (what < 35) {
				strayInterrupt();
			}
			else if (what < 90) {
				operate(supervisor, id);
			}
			else if (what < 96) {
				Caller<NodeSnapshot> snapshot = Caller.start(() -> this.tree.snapshot());
				this.steps.add("snapshot: " + snapshot.result().state());
			}
			else {
				startTree();
			}
		}

		private void crashSomething() {
			List<String> paths = new ArrayList<>(this.services.keySet());
			paths.addAll(this.workers.keySet());
			if (paths.isEmpty()) {
				this.steps.add("crash: nothing runs");
				return;
			}
			paths.sort(null);
			String path = paths.get(this.plan.nextInt(paths.size()));
			boolean normal = this.plan.nextInt(4) == 0;
			ServiceContext service = this.services.get(path);
			if (service != null) {
				if (normal) {
					service.exit();
				}
				else {
					service.fail(new IllegalStateException("crash " + path));
				}
			}
			FaultyWorker worker = this.workers.get(path);
			if (worker != null) {
				worker.end(normal ? null : (this.plan.nextBoolean() ? new IllegalStateException("crash " + path)
						: new AssertionError("crash " + path)));
			}
			this.steps.add((normal ? "exit " : "crash ") + path);
		}

		private void strayInterrupt() {
			List<Thread> alive = this.threads.stream().filter(Thread::isAlive).toList();
			if (!alive.isEmpty()) {
				Thread thread = alive.get(this.plan.nextInt(alive.size()));
				this.steps.add("interrupt " + thread.getName());
				thread.interrupt();
			}
		}

		private void operate(String path, String id) throws Exception {
			SupervisorHandle handle = this.tree.supervisor(path);
			int op = this.plan.nextInt(9);
			// Fresh ids: a path and incarnation then name one instance (no record is made twice).
			String fresh = "n" + this.serial.incrementAndGet();
			ChildSpec added = leaf(fresh);
			Caller<Object> call = Caller.start(() -> switch (op) {
				case 0 -> handle.terminateChild(id);
				case 1 -> handle.restartChild(id);
				case 2 -> handle.forceRestartChild(id);
				case 3 -> handle.deleteChild(id);
				case 4 -> handle.startChild(added);
				case 5 -> handle.startDynamicChild(fresh, null);
				case 6 -> handle.countChildren();
				case 7 -> handle.getChildSpec(id);
				default -> handle.whichChildren();
			});
			try {
				Object result = call.result();
				this.steps.add(path + " op" + op + " " + id + ": "
						+ ((result instanceof Outcome outcome) ? outcome.status() : "answered"));
			}
			catch (SupervisorDownException ex) {
				this.steps.add(path + " op" + op + " " + id + ": down");
			}
		}

		/** A node the engine says is running has an instance that was not released. */
		private void checkNoLie() throws Exception {
			Map<String, Integer> releasedBefore = counts(this.released);
			NodeSnapshot root = Caller.start(() -> this.tree.snapshot()).result();
			Map<String, Integer> createdAfter = counts(this.created);
			List<String> lies = new ArrayList<>();
			collectLies(root, releasedBefore, createdAfter, lies);
			assertThat(lies).as("running on a released instance").isEmpty();
		}

		private void collectLies(NodeSnapshot node, Map<String, Integer> releasedBefore, Map<String, Integer> createdAfter,
				List<String> lies) {
			if (node.supervisor() != null) {
				node.supervisor().children().forEach((child) -> collectLies(child, releasedBefore, createdAfter, lies));
				return;
			}
			if (node.state() == ChildState.RUNNING) {
				String key = node.path() + "#" + node.incarnation();
				if (createdAfter.getOrDefault(key, 0) <= releasedBefore.getOrDefault(key, 0)) {
					lies.add(key);
				}
			}
		}

		private static Map<String, Integer> counts(Map<String, AtomicInteger> counters) {
			Map<String, Integer> copy = new java.util.HashMap<>();
			counters.forEach((key, count) -> copy.put(key, count.get()));
			return copy;
		}

		private Thread caller(int number) {
			java.util.Random random = new java.util.Random(this.seed * 31 + number);
			Thread thread = new Thread(() -> {
				while (this.calling) {
					String path = this.supervisors.get(random.nextInt(this.supervisors.size()));
					try {
						if (random.nextBoolean()) {
							this.tree.supervisor(path).whichChildren();
						}
						else {
							this.tree.find(path);
						}
					}
					catch (SupervisorDownException | IllegalStateException ex) {
						// Answered: the supervisor is not running right now.
					}
				}
			}, "caller-" + number);
			thread.setDaemon(true);
			thread.start();
			return thread;
		}

		// The faults.

		/** Whether the fault at this site fires, in percent; the same for a seed whatever the timing. */
		private boolean fires(String site, String path, long incarnation, int percent) {
			boolean fires = rolls(site, path, incarnation, percent);
			if (fires) {
				this.faults.incrementAndGet();
			}
			return fires;
		}

		private boolean rolls(String site, String path, long incarnation, int percent) {
			long hash = this.seed * 0x9E3779B97F4A7C15L + (site + "|" + path + "|" + incarnation).hashCode();
			hash ^= (hash >>> 29);
			hash *= 0xBF58476D1CE4E5B9L;
			hash ^= (hash >>> 32);
			return Math.floorMod(hash, 100) < percent;
		}

		/** Throws (a RuntimeException or an Error) or leaves an interrupt behind, or not. */
		private void userCode(String site, String path, long incarnation) {
			if (fires(site + "/interrupt", path, incarnation, 8)) {
				Thread.currentThread().interrupt();
			}
			if (fires(site + "/throw", path, incarnation, 6)) {
				if (rolls(site + "/error", path, incarnation, 50)) {
					throw new StackOverflowError("injected in " + site + " of " + path + "#" + incarnation);
				}
				throw new IllegalStateException("injected in " + site + " of " + path + "#" + incarnation);
			}
		}

		private void onEvent(SupervisionEvent event) {
			this.events.add(event.type() + " " + event.path() + "#" + event.incarnation() + " " + event.reason()
					+ ((event.detail() != null) ? " " + event.detail() : ""));
			userCode("listener " + event.type(), event.path(), event.incarnation());
		}

		/** Waits on the case's end, ignoring interrupts: a stop that hangs until it is abandoned. */
		private void hang() {
			boolean interrupted = false;
			while (true) {
				try {
					this.stuck.await();
					break;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}

		private final class Factory<T> implements ChildFactory<T> {

			private final java.util.function.Function<ChildContext, T> maker;

			Factory(java.util.function.Function<ChildContext, T> maker) {
				this.maker = maker;
			}

			@Override
			public T create(ChildContext context) {
				userCode("create", context.path(), context.incarnation());
				T instance = this.maker.apply(context);
				Case.this.instances.add(instance);
				Case.this.created.computeIfAbsent(key(context), (k) -> new AtomicInteger()).incrementAndGet();
				return instance;
			}

			@Override
			public void release(T instance) {
				ChildContext context = ((Faulty) instance).context();
				Case.this.releases.computeIfAbsent(instance, (k) -> new AtomicInteger()).incrementAndGet();
				Case.this.released.computeIfAbsent(key(context), (k) -> new AtomicInteger()).incrementAndGet();
				userCode("release", context.path(), context.incarnation());
			}

		}

		private static String key(ChildContext context) {
			return context.path() + "#" + context.incarnation();
		}

		private interface Faulty {

			ChildContext context();

		}

		private final class FaultyService implements Service, Faulty {

			private final ChildContext context;

			FaultyService(ChildContext context) {
				this.context = context;
			}

			@Override
			public ChildContext context() {
				return this.context;
			}

			@Override
			public void start(ServiceContext context) {
				userCode("start", context.path(), context.incarnation());
				Case.this.services.put(context.path(), context);
			}

			@Override
			public void stop(ServiceContext context) {
				Case.this.services.remove(context.path(), context);
				if (fires("stop/hang", context.path(), context.incarnation(), 10)) {
					hang();
				}
				userCode("stop", context.path(), context.incarnation());
			}

		}

		private final class FaultyWorker implements Worker, Faulty {

			private final ChildContext context;

			private final CountDownLatch end = new CountDownLatch(1);

			private volatile Throwable crash;

			FaultyWorker(ChildContext context) {
				this.context = context;
			}

			@Override
			public ChildContext context() {
				return this.context;
			}

			void end(Throwable crash) {
				this.crash = crash;
				this.end.countDown();
			}

			@Override
			public void run(ChildContext context) throws Exception {
				Case.this.workers.put(context.path(), this);
				try {
					this.end.await();
				}
				catch (InterruptedException ex) {
					if (context.stopRequested() && fires("stop/hang", context.path(), context.incarnation(), 10)) {
						hang();
					}
					throw ex;
				}
				finally {
					Case.this.workers.remove(context.path(), this);
				}
				Throwable crash = this.crash;
				if (crash instanceof Exception exception) {
					throw exception;
				}
				if (crash instanceof Error error) {
					throw error;
				}
			}

		}

		/** The tree's thread factory: refuses some threads, and keeps every thread it made. */
		private final class Refusing implements ThreadFactory {

			private final ThreadFactory base = "virtual".equals(System.getProperty("supervision.test.threads"))
					? Threads.virtual() : Threads.platform();

			@Override
			public Thread newThread(Runnable task) {
				long request = Case.this.threadRequests.incrementAndGet();
				// The first is the engine's probe of the factory's kind, when the tree is created.
				if (request > 1 && fires("thread", "", request, 5)) {
					if (rolls("thread/error", "", request, 50)) {
						throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
					}
					return null;
				}
				Thread thread = this.base.newThread(task);
				Case.this.threads.add(thread);
				return thread;
			}

		}

		private static String stackOf(Thread thread) {
			StringBuilder stack = new StringBuilder(thread.getName());
			for (StackTraceElement frame : thread.getStackTrace()) {
				stack.append("\n\tat ").append(frame);
			}
			return stack.toString();
		}

	}

	/** Swallows the engine's warnings: injected faults make many, and the test checks effects. */
	static final class Quiet implements System.Logger {

		@Override
		public String getName() {
			return "quiet";
		}

		@Override
		public boolean isLoggable(Level level) {
			return false;
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String format, Object... params) {
		}

	}

}
