package dev.supervisor;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.supervisor.SupervisionEvent.Type.EXITED;
import static dev.supervisor.SupervisionEvent.Type.STARTED;
import static dev.supervisor.SupervisionEvent.Type.START_FAILED;
import static dev.supervisor.SupervisionEvent.Type.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Issue 16: the engine never hangs, leaks or lies on a failure path. Every call that could
 * block is made on a caller thread of the test and bounded: a hang fails the test.
 */
class FailurePathsTest {

	/** Far longer than any of these operations takes; past it a caller is blocked for good. */
	private static final Duration BOUND = Duration.ofSeconds(10);

	@RegisterExtension
	final TestChildren children = new TestChildren();

	private final RecordingLogger logger = new RecordingLogger();

	// Kind A: every path out of a supervisor's loop answers every call and releases every instance.

	@Test
	void aCallQueuedToASupervisorAsItIsKilledIsAnsweredDown() throws Exception {
		Hold hold = new Hold(EXITED, "t/sub/w");
		SupervisionTree tree = this.children.create("t",
				SupervisorSpec.oneForOne(ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(this.children.service("w")))
					.withShutdown(Shutdown.BRUTAL_KILL)),
				this.children.options().withListener(hold));
		tree.start();
		SupervisorHandle sub = tree.supervisor("t/sub");
		// The handle now holds the running supervisor: the next call goes straight to its mailbox.
		assertThat(sub.whichChildren()).hasSize(1);
		this.children.crash("t/sub/w");
		hold.awaitHolding();
		Caller<List<ChildInfo>> call = Caller.start(sub::whichChildren);
		call.awaitQueued();
		assertThat(within(() -> tree.root().terminateChild("sub")).isOk()).isTrue();
		assertThatExceptionOfType(SupervisorDownException.class).isThrownBy(call::result);
		within(() -> {
			tree.stop();
			return null;
		});
	}

	@Test
	void aCallQueuedToASupervisorWhoseShutdownRunsOutDuringTreeStopIsAnsweredDown() throws Exception {
		Hold hold = new Hold(EXITED, "t/sub/w");
		SupervisionTree tree = this.children.create("t",
				SupervisorSpec.oneForOne(ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(this.children.service("w")))
					.withShutdown(Shutdown.timeout(Duration.ofSeconds(1)))),
				this.children.options().withListener(hold));
		tree.start();
		SupervisorHandle sub = tree.supervisor("t/sub");
		assertThat(sub.whichChildren()).hasSize(1);
		this.children.crash("t/sub/w");
		hold.awaitHolding();
		Caller<List<ChildInfo>> call = Caller.start(sub::whichChildren);
		call.awaitQueued();
		Caller<ExitReason> stop = Caller.start(() -> tree.stopAsync().join());
		Awaitility.await().atMost(BOUND).until(() -> tree.find("t/sub").orElseThrow().state() == ChildState.STOPPING);
		this.children.advance(Duration.ofSeconds(1));
		assertThat(stop.result()).isEqualTo(ExitReason.shutdown());
		assertThatExceptionOfType(SupervisorDownException.class).isThrownBy(call::result);
		assertThat(tree.find("t/sub").orElseThrow().lastExit().reason()).isEqualTo(ExitReason.Kind.KILLED);
	}

	@Test
	void anExitQueuedToASupervisorAsItIsKilledStillReleasesTheInstance() throws Exception {
		Hold hold = new Hold(EXITED, "t/sub/w");
		SupervisionTree tree = this.children.create("t",
				SupervisorSpec.oneForOne(ChildSpec.supervisor("sub",
						SupervisorSpec.oneForOne(this.children.service("s"), this.children.service("w")))
					.withShutdown(Shutdown.BRUTAL_KILL)),
				this.children.options().withListener(hold));
		tree.start();
		this.children.crash("t/sub/w");
		hold.awaitHolding();
		// Its exit is in the held supervisor's mailbox when the kill comes.
		this.children.exit("t/sub/s");
		assertThat(within(() -> tree.root().terminateChild("sub")).isOk()).isTrue();
		String instance = this.children.instances.get("t/sub/s").get(0).toString();
		Awaitility.await().atMost(BOUND).until(() -> this.children.released.contains(instance));
	}

	@Test
	void anErrorThrownByAListenerOnAChildsExitNeverTakesTheSupervisorDown() throws Exception {
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("s")),
				this.children.options().withLogger(this.logger).withListener((event) -> {
					if (event.type() == EXITED) {
						throw new StackOverflowError("listener of " + event.path());
					}
				}));
		tree.start();
		this.children.crash("t/s");
		Awaitility.await().atMost(BOUND).until(() -> this.children.services.containsKey("t/s"));
		assertThat(within(() -> tree.root().whichChildren())).singleElement()
			.satisfies((child) -> assertThat(child.incarnation()).isEqualTo(2))
			.satisfies((child) -> assertThat(child.state()).isEqualTo(ChildState.RUNNING));
		within(() -> {
			tree.stop();
			return null;
		});
		assertThat(tree.state()).isEqualTo(ChildState.STOPPED);
		assertThat(this.logger.warnings()).anySatisfy((line) -> assertThat(line).contains("EXITED of t/s")
			.contains("StackOverflowError"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void anErrorThrownByAFactorysReleaseNeverTakesTheSupervisorDown() throws Exception {
		ChildFactory<Service> recording = (ChildFactory<Service>) this.children.service("s").factory();
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(ChildSpec.service("s",
				new ChildFactory<Service>() {

					@Override
					public Service create(ChildContext context) throws Exception {
						return recording.create(context);
					}

					@Override
					public void release(Service instance) {
						throw new AssertionError("destroy callback failed");
					}

				})), this.children.options().withLogger(this.logger));
		tree.start();
		this.children.crash("t/s");
		Awaitility.await().atMost(BOUND).until(() -> this.children.services.containsKey("t/s"));
		assertThat(within(() -> tree.root().whichChildren())).singleElement()
			.satisfies((child) -> assertThat(child.incarnation()).isEqualTo(2));
		within(() -> {
			tree.stop();
			return null;
		});
		assertThat(this.logger.warnings()).hasSize(2)
			.allSatisfy((line) -> assertThat(line).contains("t/s#").contains("destroy callback failed"));
	}

	@Test
	void anErrorThrownByAListenerOnTheFirstStartLetsTreeStartReturn() throws Exception {
		AtomicInteger thrown = new AtomicInteger();
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("s")),
				this.children.options().withLogger(this.logger).withListener((event) -> {
					if (event.type() == STARTED && thrown.getAndIncrement() == 0) {
						throw new StackOverflowError("listener");
					}
				}));
		within(() -> {
			tree.start();
			return null;
		});
		assertThat(tree.state()).isEqualTo(ChildState.RUNNING);
		assertThat(within(() -> tree.root().countChildren().active())).isEqualTo(1);
		within(() -> {
			tree.stop();
			return null;
		});
		assertThat(this.logger.warnings()).singleElement().asString().contains("STARTED of t/s");
	}

	@Test
	void aSupervisorCrashedByAnErrorItCannotCatchAnswersItsCallersAndIsRestartedByItsParent() throws Exception {
		// The logger is user code too; what escapes the supervisor's loop crashes that supervisor only.
		BrokenLogger broken = new BrokenLogger("event=exited path=t/sub/w");
		SupervisionTree tree = this.children.create("t",
				SupervisorSpec.oneForOne(ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(this.children.service("w")))),
				this.children.options().withReports(true).withLogger(broken));
		tree.start();
		SupervisorHandle sub = tree.supervisor("t/sub");
		assertThat(sub.whichChildren()).hasSize(1);
		this.children.crash("t/sub/w");
		Awaitility.await().atMost(BOUND).until(() -> tree.find("t/sub").orElseThrow().incarnation() == 2);
		NodeSnapshot node = tree.find("t/sub").orElseThrow();
		assertThat(node.lastExit().reason()).isEqualTo(ExitReason.Kind.CRASHED);
		assertThat(node.lastExit().exceptionClass()).isEqualTo(AssertionError.class.getName());
		assertThat(within(sub::whichChildren)).singleElement()
			.satisfies((child) -> assertThat(child.state()).isEqualTo(ChildState.RUNNING));
		assertThat(broken.warnings()).anySatisfy((line) -> assertThat(line).contains("'t/sub' crashed"));
		within(() -> {
			tree.stop();
			return null;
		});
		assertThat(this.children.released).hasSize(2);
	}

	@Test
	void aRootCrashedByAnErrorItCannotCatchEndsFailedAndCanStartAgain() throws Exception {
		BrokenLogger broken = new BrokenLogger("event=exited path=t/s");
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("s")),
				this.children.options().withReports(true).withLogger(broken));
		tree.start();
		this.children.crash("t/s");
		assertThat(tree.termination()).succeedsWithin(BOUND)
			.satisfies((reason) -> assertThat(reason.kind()).isEqualTo(ExitReason.Kind.CRASHED));
		assertThat(tree.state()).isEqualTo(ChildState.FAILED);
		assertThatExceptionOfType(SupervisorDownException.class)
			.isThrownBy(() -> within(() -> tree.root().countChildren()));
		within(() -> {
			tree.start();
			return null;
		});
		assertThat(tree.state()).isEqualTo(ChildState.RUNNING);
	}

	// Kind B: a thread that cannot be had is a start (or stop) failure of that child, never a wedge.

	@ParameterizedTest(name = "refused by {0}")
	@ValueSource(strings = { "null", "error" })
	void aRootWhoseThreadCannotBeCreatedFailsToStartAndCanStartAgain(String refusal) throws Exception {
		Refusing threads = new Refusing(this.children.options().threadFactory(), refusal);
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("s")),
				this.children.options().withThreadFactory(threads));
		threads.refuse = true;
		assertThatExceptionOfType(StartFailedException.class).isThrownBy(() -> within(() -> {
			tree.start();
			return null;
		})).satisfies((ex) -> assertThat(ex.childPath()).isEqualTo("t"));
		assertThat(threads.refused).hasPositiveValue();
		assertThat(tree.state()).isEqualTo(ChildState.FAILED);
		within(() -> {
			tree.stop();
			return null;
		});
		threads.refuse = false;
		within(() -> {
			tree.start();
			return null;
		});
		assertThat(tree.state()).isEqualTo(ChildState.RUNNING);
		assertThat(this.children.journal).containsExactly("start:t/s#1");
	}

	@ParameterizedTest(name = "refused by {0}")
	@ValueSource(strings = { "null", "error" })
	void aServiceWhoseStopThreadCannotBeCreatedStopsWithAStopFailureWhenTheTreeStops(String refusal)
			throws Exception {
		Refusing threads = new Refusing(this.children.options().threadFactory(), refusal);
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("s")),
				this.children.options().withThreadFactory(threads));
		tree.start();
		threads.refuse = true;
		within(() -> {
			tree.stop();
			return null;
		});
		assertThat(threads.refused).hasPositiveValue();
		assertThat(tree.state()).isEqualTo(ChildState.STOPPED);
		assertStopFailure(tree);
	}

	@ParameterizedTest(name = "refused by {0}")
	@ValueSource(strings = { "null", "error" })
	void aServiceWhoseStopThreadCannotBeCreatedStopsWithAStopFailureWhenTerminated(String refusal) throws Exception {
		Refusing threads = new Refusing(this.children.options().threadFactory(), refusal);
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("s")),
				this.children.options().withThreadFactory(threads));
		tree.start();
		threads.refuse = true;
		assertThat(within(() -> tree.root().terminateChild("s")).isOk()).isTrue();
		assertThat(threads.refused).hasPositiveValue();
		assertThat(tree.find("t/s").orElseThrow().state()).isEqualTo(ChildState.STOPPED);
		assertStopFailure(tree);
		threads.refuse = false;
		assertThat(within(() -> tree.root().restartChild("s")).isOk()).as("it can be started again").isTrue();
		assertThat(tree.find("t/s").orElseThrow().incarnation()).isEqualTo(2);
	}

	private void assertStopFailure(SupervisionTree tree) throws InterruptedException {
		SupervisionEvent stopped = this.children.await(STOPPED, "t/s");
		assertThat(stopped.reason().kind()).isEqualTo(ExitReason.Kind.SHUTDOWN);
		assertThat(stopped.reason().error()).as("why it could not be stopped").isNotNull();
		assertThat(tree.find("t/s").orElseThrow().lastExit().reason()).isEqualTo(ExitReason.Kind.SHUTDOWN);
		assertThat(this.children.released).as("its instance is released").hasSize(1);
	}

	@ParameterizedTest(name = "refused by {0}")
	@ValueSource(strings = { "null", "error" })
	void aWorkerWhoseThreadCannotBeStartedFailsToStartAndIsReleased(String refusal) throws Exception {
		Refusing threads = new Refusing(this.children.options().threadFactory(), refusal);
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(),
				this.children.options().withThreadFactory(threads));
		tree.start();
		List<Worker> created = new CopyOnWriteArrayList<>();
		List<Worker> released = new CopyOnWriteArrayList<>();
		ChildSpec spec = ChildSpec.worker("w", new ChildFactory<Worker>() {

			@Override
			public Worker create(ChildContext context) {
				Worker worker = (ctx) -> new CountDownLatch(1).await();
				created.add(worker);
				return worker;
			}

			@Override
			public void release(Worker instance) {
				released.add(instance);
			}

		});
		threads.refuse = true;
		Outcome outcome = within(() -> tree.root().startChild(spec));
		assertThat(outcome.status()).isEqualTo(Outcome.Status.START_FAILED);
		assertThat(threads.refused).hasPositiveValue();
		assertThat(this.children.await(START_FAILED, "t/w").reason().error()).isNotNull();
		assertThat(released).as("the instance that never ran is released").containsExactlyElementsOf(created);
		threads.refuse = false;
		assertThat(within(() -> tree.root().startChild(spec)).isOk()).isTrue();
	}

	// Kind C: an interrupt left by user code never reaches the supervisor's next call into user code.

	@Test
	void anInterruptLeftByAServiceStartDoesNotReachTheNextSiblingsStart() throws Exception {
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(
				ChildSpec.service("a", (ctx) -> new Idle() {

					@Override
					public void start(ServiceContext context) {
						// The catch-and-reinterrupt idiom, as after an InterruptedException.
						Thread.currentThread().interrupt();
					}

				}), ChildSpec.service("b", (ctx) -> new BlockingStart())), this.children.options());
		within(() -> {
			tree.start();
			return null;
		});
		assertThat(tree.state()).isEqualTo(ChildState.RUNNING);
		assertThat(within(() -> tree.root().countChildren().active())).isEqualTo(2);
	}

	@Test
	void anInterruptLeftByAFactoryDoesNotReachTheNextSiblingsStart() throws Exception {
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(ChildSpec.service("a", (ctx) -> {
			Thread.currentThread().interrupt();
			return new Idle();
		}), ChildSpec.service("b", (ctx) -> new BlockingStart())), this.children.options());
		within(() -> {
			tree.start();
			return null;
		});
		assertThat(within(() -> tree.root().countChildren().active())).isEqualTo(2);
	}

	@Test
	void anInterruptLeftByAListenerDoesNotReachTheNextSiblingsStart() throws Exception {
		SupervisionTree tree = this.children.create("t",
				SupervisorSpec.oneForOne(ChildSpec.service("a", (ctx) -> new Idle()),
						ChildSpec.service("b", (ctx) -> new BlockingStart())),
				this.children.options().withListener((event) -> {
					if (event.type() == STARTED && event.path().equals("t/a")) {
						Thread.currentThread().interrupt();
					}
				}));
		within(() -> {
			tree.start();
			return null;
		});
		assertThat(within(() -> tree.root().countChildren().active())).isEqualTo(2);
	}

	// Kind D: an incarnation that was stopped or abandoned never acts after a later one started.

	@Test
	void aWorkerKilledBeforeItsThreadRanNeverRunsAndIsReleased() throws Exception {
		HeldBack threads = new HeldBack(this.children.options().threadFactory());
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(),
				this.children.options().withThreadFactory(threads));
		tree.start();
		List<Long> ran = new CopyOnWriteArrayList<>();
		List<Long> released = new CopyOnWriteArrayList<>();
		ChildSpec spec = ChildSpec.worker("w", new ChildFactory<Worker>() {

			@Override
			public Worker create(ChildContext context) {
				long number = context.incarnation();
				return new Worker() {

					@Override
					public void run(ChildContext ctx) throws InterruptedException {
						ran.add(number);
						new CountDownLatch(1).await();
					}

					@Override
					public String toString() {
						return "w#" + number;
					}

				};
			}

			@Override
			public void release(Worker instance) {
				released.add(Long.valueOf(instance.toString().substring(2)));
			}

		}).withShutdown(Shutdown.BRUTAL_KILL);
		threads.holdNext = true;
		assertThat(within(() -> tree.root().startChild(spec)).isOk()).isTrue();
		assertThat(within(() -> tree.root().forceRestartChild("w")).isOk()).isTrue();
		Awaitility.await().atMost(BOUND).until(() -> ran.contains(2L));
		// #1's thread gets to run only now, after #1 was killed and #2 started.
		threads.release.countDown();
		Awaitility.await().atMost(BOUND).until(() -> released.contains(1L));
		assertThat(ran).containsExactly(2L);
	}

	/**
	 * Kind A, the caller's side: {@code start()} waits interruptibly (a Spring context closed while a
	 * tree starts interrupts the starting thread; OTP: the caller of {@code start_link} exits). It
	 * then fails with the interrupt as its cause, keeps the thread's interrupt status, and the tree
	 * stops once its start has ended. Before, the wait could not be interrupted, and a context closed
	 * meanwhile left the tree running.
	 */
	@Test
	void anInterruptedStartFailsAtOnceAndTheTreeStopsOnceItsStartHasEnded() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(
				ChildSpec.service("slow", (context) -> new Idle() {

					@Override
					public void start(ServiceContext ctx) {
						entered.countDown();
						TestChildren.awaitIgnoringInterrupts(release);
					}

				}), this.children.service("after")), this.children.realTimeOptions());
		Caller<Boolean> start = Caller.start(() -> {
			try {
				tree.start();
				return false;
			}
			catch (StartFailedException ex) {
				assertThat(ex.getCause()).isInstanceOf(InterruptedException.class);
				return Thread.currentThread().isInterrupted();
			}
		});
		assertThat(entered.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		start.interrupt();
		assertThat(start.result()).as("start() failed at once, the interrupt status kept").isTrue();
		release.countDown();
		assertThat(tree.termination()).succeedsWithin(BOUND);
		assertThat(tree.state()).isEqualTo(ChildState.STOPPED);
		assertThat(this.children.journal("stop:")).as("the child started meanwhile is stopped").contains("stop:t/after#1");
	}

	/**
	 * {@link Service#stop}'s contract: it is not called after the service reported its own end; a
	 * report and a stop request are decided at one point, so exactly one of them is the exit. Here
	 * the report is held between its "no stop requested yet" check and its exit (a
	 * {@link ShutdownException} subclass whose {@code toExitReason} waits) while an operator
	 * terminates the child and {@code stop()} begins. Before, the report then won the exit: the
	 * terminate returned with the report's reason while {@code stop()} was still running (and later
	 * finished on its own thread). Now the stop request comes first and the report is ignored.
	 */
	@Test
	void aReportHeldAsATerminateStopsTheServiceIsIgnoredAndTheStopIsTheExit() throws Exception {
		CountDownLatch reasonEntered = new CountDownLatch(1);
		CountDownLatch releaseReason = new CountDownLatch(1);
		CountDownLatch stopEntered = new CountDownLatch(1);
		CountDownLatch releaseStop = new CountDownLatch(1);
		List<String> journal = new CopyOnWriteArrayList<>();
		List<ServiceContext> contexts = new CopyOnWriteArrayList<>();
		Service service = new Service() {

			@Override
			public void start(ServiceContext context) {
				contexts.add(context);
			}

			@Override
			public void stop(ServiceContext context) throws InterruptedException {
				stopEntered.countDown();
				releaseStop.await();
				journal.add("stop returned");
			}

		};
		SupervisionTree tree = this.children.create("t",
				SupervisorSpec.oneForOne(ChildSpec.service("s", (context) -> service).withRestart(RestartType.TRANSIENT)),
				this.children.realTimeOptions());
		tree.start();
		ShutdownException held = new ShutdownException("queue deleted") {

			@Override
			public ExitReason toExitReason() {
				reasonEntered.countDown();
				try {
					releaseReason.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return super.toExitReason();
			}

		};
		Caller<Void> report = Caller.start(() -> {
			contexts.get(0).fail(held);
			return null;
		});
		assertThat(reasonEntered.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		Caller<Outcome> terminate = Caller.start(() -> {
			Outcome outcome = tree.root().terminateChild("s");
			journal.add("terminate returned");
			return outcome;
		});
		assertThat(stopEntered.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).as("stop() begins").isTrue();
		releaseReason.countDown();
		report.result();
		releaseStop.countDown();
		assertThat(terminate.result().isOk()).isTrue();
		SupervisionEvent end = this.children.await((e) -> e.path().equals("t/s") && (e.type() == EXITED || e.type() == STOPPED));
		assertThat(end.type()).as("the operator's stop ended it").isEqualTo(STOPPED);
		assertThat(end.reason()).as("the stop's exit, not the report that came second").isEqualTo(ExitReason.shutdown());
		assertThat(journal).as("stop() returned before the terminate did").containsExactly("stop returned",
				"terminate returned");
	}

	/**
	 * {@link Service#stop}'s contract: it is not called after the service reported its own end. A
	 * service's {@code exit()} races an operator's terminate: whichever the incarnation saw first
	 * ends it, and the other is ignored. Before, the report could pass its "no stop requested" check,
	 * the terminate then schedule {@code stop()}, and the report win the exit: {@code stop()} then
	 * ran on a thread of its own after the terminate had returned (and after the tree stopped).
	 */
	@Test
	void aServiceIsNeverStoppedAfterItsOwnExitWonTheRaceWithATerminate() throws Exception {
		SupervisionTree tree = this.children.create("t",
				SupervisorSpec.oneForOne(this.children.service("s").withRestart(RestartType.TRANSIENT)),
				this.children.realTimeOptions());
		tree.start();
		SupervisorHandle root = tree.root();
		int rounds = 1_000;
		Random random = new Random(16);
		for (int round = 1; round <= rounds; round++) {
			ServiceContext context = this.children.services.get("t/s");
			assertThat(context).as("round " + round + ": the service runs").isNotNull();
			assertThat(context.incarnation()).isEqualTo(round);
			AtomicBoolean go = new AtomicBoolean();
			int lag = random.nextInt(3_000);
			Thread racer = new Thread(() -> {
				while (!go.get()) {
					Thread.onSpinWait();
				}
				for (int i = 0; i < lag; i++) {
					Thread.onSpinWait();
				}
				context.exit();
			}, "t-test-racer");
			racer.start();
			go.set(true);
			assertThat(root.terminateChild("s").isOk()).isTrue();
			this.children.journal.add("terminated:t/s#" + round);
			racer.join(BOUND.toMillis());
			assertThat(racer.isAlive()).isFalse();
			assertThat(root.restartChild("s").isOk()).as("round " + round + ": restarted").isTrue();
		}
		within(() -> {
			tree.stop();
			return null;
		});
		// Every stop thread has ended: a late stop() would be in the journal by now.
		this.children.assertNoThreadsLeft("t");
		List<String> journal = List.copyOf(this.children.journal);
		Map<Long, ExitReason.Kind> ends = new HashMap<>();
		for (SupervisionEvent event : this.children.allEvents) {
			if (event.path().equals("t/s") && (event.type() == EXITED || event.type() == STOPPED)) {
				ends.put(event.incarnation(), event.reason().kind());
			}
		}
		int exitsWon = 0;
		for (long incarnation = 1; incarnation <= rounds; incarnation++) {
			String stop = "stop:t/s#" + incarnation;
			int stopAt = journal.indexOf(stop);
			assertThat(ends).as("how #" + incarnation + " ended").containsKey(incarnation);
			if (ends.get(incarnation) == ExitReason.Kind.NORMAL) {
				exitsWon++;
				assertThat(stopAt).as("#" + incarnation + " ended by its own exit, so stop() is never called").isEqualTo(-1);
			}
			else {
				assertThat(stopAt).as("#" + incarnation + " was stopped; stop() ran before the terminate returned")
					.isGreaterThanOrEqualTo(0)
					.isLessThan(journal.indexOf("terminated:t/s#" + incarnation));
			}
		}
		// Both sides of the race were taken (else the test proves nothing).
		assertThat(exitsWon).isBetween(1, rounds - 1);
	}

	/**
	 * Runs the action on a caller thread of the test and waits at most {@link #BOUND}.
	 * @return what the action returned
	 * @throws AssertionError if the caller is still blocked at the bound
	 */
	static <T> T within(Callable<T> action) throws Exception {
		return Caller.start(action).result();
	}

	/** A service that does nothing. */
	static class Idle implements Service {

		@Override
		public void start(ServiceContext context) throws Exception {
		}

		@Override
		public void stop(ServiceContext context) {
		}

	}

	/** A service whose start makes a blocking call, which throws on an interrupted thread. */
	static final class BlockingStart extends Idle {

		@Override
		public void start(ServiceContext context) throws InterruptedException {
			ReentrantLock connection = new ReentrantLock();
			connection.lockInterruptibly();
			connection.unlock();
		}

	}

	/** A call made on a thread of its own, so the test can bound it and see where it waits. */
	static final class Caller<T> {

		private final FutureTask<T> task;

		private final Thread thread;

		private Caller(Callable<T> action) {
			this.task = new FutureTask<>(action);
			this.thread = new Thread(this.task, "test-caller");
			this.thread.setDaemon(true);
		}

		static <T> Caller<T> start(Callable<T> action) {
			Caller<T> caller = new Caller<>(action);
			caller.thread.start();
			return caller;
		}

		/** Waits until the call is parked waiting for a supervisor's answer: it is in its mailbox. */
		void awaitQueued() {
			Awaitility.await().atMost(BOUND).until(() -> this.thread.getState() == Thread.State.WAITING
					&& Arrays.stream(this.thread.getStackTrace())
						.anyMatch((frame) -> frame.getClassName().equals("dev.supervisor.internal.SupervisorActor")
								&& frame.getMethodName().equals("call")));
		}

		void interrupt() {
			this.thread.interrupt();
		}

		T result() throws Exception {
			try {
				return this.task.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				AssertionError blocked = new AssertionError("The caller is still blocked after " + BOUND);
				blocked.setStackTrace(this.thread.getStackTrace());
				throw blocked;
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof Exception cause) {
					throw cause;
				}
				throw (Error) ex.getCause();
			}
		}

	}

	/**
	 * A listener that holds the supervisor's thread on one event until it is interrupted (killed)
	 * or {@link #release}d.
	 */
	static final class Hold implements SupervisionListener {

		private final SupervisionEvent.Type type;

		private final String path;

		private final CountDownLatch holding = new CountDownLatch(1);

		/** Counted down to let the held supervisor go on. */
		final CountDownLatch release = new CountDownLatch(1);

		Hold(SupervisionEvent.Type type, String path) {
			this.type = type;
			this.path = path;
		}

		@Override
		public void onEvent(SupervisionEvent event) {
			if (event.type() == this.type && event.path().equals(this.path) && this.holding.getCount() > 0) {
				this.holding.countDown();
				try {
					this.release.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					// The supervisor was killed: stop holding.
				}
			}
		}

		void awaitHolding() throws InterruptedException {
			assertThat(this.holding.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).as("the supervisor is held").isTrue();
		}

	}

	/** A thread factory that refuses (returns {@code null} or throws as the JVM does) while told to. */
	static final class Refusing implements ThreadFactory {

		private final ThreadFactory delegate;

		private final String refusal;

		volatile boolean refuse;

		final AtomicInteger refused = new AtomicInteger();

		Refusing(ThreadFactory delegate, String refusal) {
			this.delegate = delegate;
			this.refusal = refusal;
		}

		@Override
		public Thread newThread(Runnable task) {
			if (this.refuse) {
				this.refused.incrementAndGet();
				if (this.refusal.equals("error")) {
					throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
				}
				return null;
			}
			return this.delegate.newThread(task);
		}

	}

	/** A thread factory that holds back the task of the next thread it makes until released. */
	static final class HeldBack implements ThreadFactory {

		private final ThreadFactory delegate;

		volatile boolean holdNext;

		final CountDownLatch release = new CountDownLatch(1);

		HeldBack(ThreadFactory delegate) {
			this.delegate = delegate;
		}

		@Override
		public Thread newThread(Runnable task) {
			if (!this.holdNext) {
				return this.delegate.newThread(task);
			}
			this.holdNext = false;
			return this.delegate.newThread(() -> {
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				task.run();
			});
		}

	}

	/** A logger whose appender throws an Error, once, on the first line that contains a text. */
	static final class BrokenLogger extends RecordingLogger {

		private final String trigger;

		private final AtomicInteger thrown = new AtomicInteger();

		BrokenLogger(String trigger) {
			this.trigger = trigger;
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
			check(message);
			super.log(level, bundle, message, thrown);
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String format, Object... params) {
			check(format);
			super.log(level, bundle, format, params);
		}

		private void check(String line) {
			if (line.contains(this.trigger) && this.thrown.getAndIncrement() == 0) {
				throw new AssertionError("appender broken");
			}
		}

	}

	/** Keeps the warnings the engine writes (its reports are off in these tests). */
	static class RecordingLogger implements System.Logger {

		private final List<String> lines = new CopyOnWriteArrayList<>();

		List<String> warnings() {
			return this.lines.stream().filter((line) -> line.startsWith("WARNING")).toList();
		}

		@Override
		public String getName() {
			return "test";
		}

		@Override
		public boolean isLoggable(Level level) {
			return true;
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
			this.lines.add(level + " " + message + " " + thrown);
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String format, Object... params) {
			this.lines.add(level + " " + format);
		}

	}

}
