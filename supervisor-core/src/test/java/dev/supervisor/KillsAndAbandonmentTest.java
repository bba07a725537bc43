package dev.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.supervisor.FailurePathsTest.Caller;

import static dev.supervisor.SupervisionEvent.Type.EXITED;
import static dev.supervisor.SupervisionEvent.Type.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's kinds (the engine never hangs, leaks or lies) where a kill, an abandoned incarnation
 * or a child's own exit meet: found by probing the engine as a new user would. Each test failed on
 * the engine before its fix; each says what is expected, citing the contract or OTP, and what
 * happened before.
 */
class KillsAndAbandonmentTest {

	private static final long BOUND_MS = 10_000;

	@RegisterExtension
	final TestChildren children = new TestChildren();

	/** Released after each test, so no user code is left blocked. */
	private final CountDownLatch unblock = new CountDownLatch(1);

	@AfterEach
	void releaseBlockedUserCode() {
		this.unblock.countDown();
	}

	// ---------------------------------------------------------------------------------------------
	// Leaks
	// ---------------------------------------------------------------------------------------------

	/**
	 * Kind: leaks. {@link ChildFactory}: every instance {@code create} returned is released once its
	 * incarnation has ended (an instance that never ran is released at once, as the engine does when
	 * a worker's thread cannot be had or a service's start throws).
	 * <p>
	 * A factory that makes a fresh adapter per incarnation around one shared target ({@link
	 * ChildFactory#target}: "the bean behind an adapter"). Incarnation 1 is abandoned (brutal kill,
	 * it ignores the interrupt). {@code restartChild} then creates adapter #2, finds the target
	 * busy and defers the start (PENDING). When #1 ends, the deferred start creates yet another
	 * adapter (#3) and runs it. Adapter #2 never ran: it is released when the start is deferred
	 * (before, it was dropped without {@code release}).
	 */
	@Test
	void anInstanceCreatedForAStartThatWaitsForAnAbandonedIncarnationIsReleased() throws Exception {
		Object sharedTarget = new Object();
		AtomicInteger sequence = new AtomicInteger();
		List<String> created = new CopyOnWriteArrayList<>();
		List<String> released = new CopyOnWriteArrayList<>();
		List<String> ran = new CopyOnWriteArrayList<>();
		CountDownLatch running = new CountDownLatch(1);
		ChildSpec spec = ChildSpec.worker("w", new ChildFactory<Worker>() {

			@Override
			public Worker create(ChildContext context) {
				String name = "adapter#" + sequence.incrementAndGet();
				created.add(name);
				return new Worker() {

					@Override
					public void run(ChildContext ctx) throws InterruptedException {
						ran.add(name);
						running.countDown();
						if (name.equals("adapter#1")) {
							TestChildren.awaitIgnoringInterrupts(KillsAndAbandonmentTest.this.unblock);
						}
						else {
							new CountDownLatch(1).await();
						}
					}

					@Override
					public String toString() {
						return name;
					}

				};
			}

			@Override
			public void release(Worker instance) {
				released.add(instance.toString());
			}

			@Override
			public Object target(Worker instance) {
				return sharedTarget;
			}

		}).withShutdown(Shutdown.BRUTAL_KILL);
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(spec),
				this.children.realTimeOptions());
		tree.start();
		// Its thread runs it (a worker killed before its thread ran never runs and is not abandoned).
		assertThat(running.await(BOUND_MS, TimeUnit.MILLISECONDS)).isTrue();
		assertThat(FailurePathsTest.within(() -> tree.root().terminateChild("w")).isOk()).isTrue();
		Outcome restart = FailurePathsTest.within(() -> tree.root().restartChild("w"));
		assertThat(restart.status()).as("the start waits for the abandoned incarnation").isEqualTo(Outcome.Status.PENDING);
		// The abandoned incarnation ends: the deferred start is made now.
		this.unblock.countDown();
		this.children.await((e) -> e.type() == STARTED && e.path().equals("t/w") && e.incarnation() == 2);
		Awaitility.await().atMost(Duration.ofMillis(BOUND_MS)).until(() -> ran.contains("adapter#3"));
		FailurePathsTest.within(() -> {
			tree.stop();
			return null;
		});
		assertThat(ran).containsExactly("adapter#1", "adapter#3");
		assertThat(released).as("every instance the factory made is released (made: " + created + ")")
			.containsExactlyInAnyOrderElementsOf(created);
	}

	// ---------------------------------------------------------------------------------------------
	// Hangs
	// ---------------------------------------------------------------------------------------------

	/**
	 * Kind: hangs. {@link SupervisorHandle#killChild} Javadoc: "nobody waits for it, and its
	 * incarnation ends at once with reason killed ... Java cannot kill a thread: an incarnation
	 * that ignores the interrupt is abandoned ... A nested supervisor is killed with its whole
	 * subtree." DESIGN "Shutdown": an abandoned incarnation is reported as killed.
	 * <p>
	 * The nested supervisor's thread is inside user code that ignores interrupts (its child's
	 * factory, restarting the child). {@code killChild("sub")} returns at once; the killed
	 * supervisor is abandoned, and its next incarnation waits until it has ended (it kills its own
	 * children first), so two incarnations of {@code sub} never run their children at once. Before,
	 * the kill waited for the stuck supervisor without a bound, and the root, serving only
	 * read-only calls meanwhile, could not be stopped either.
	 */
	@Test
	void killingANestedSupervisorWhoseThreadIsInUserCodeReturnsAtOnce() throws Exception {
		CountDownLatch factoryEntered = new CountDownLatch(1);
		List<ServiceContext> contexts = new CopyOnWriteArrayList<>();
		ChildSpec stuckOnRestart = ChildSpec.service("s", (context) -> {
			if (context.incarnation() > 1) {
				factoryEntered.countDown();
				TestChildren.awaitIgnoringInterrupts(this.unblock);
			}
			return new FailurePathsTest.Idle() {

				@Override
				public void start(ServiceContext ctx) {
					contexts.add(ctx);
				}

			};
		});
		SupervisionTree tree = this.children.create("t",
				SupervisorSpec.oneForOne(ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(stuckOnRestart))),
				this.children.realTimeOptions());
		tree.start();
		contexts.get(0).fail(new IllegalStateException("boom"));
		assertThat(factoryEntered.await(BOUND_MS, TimeUnit.MILLISECONDS)).as("the sub's thread is in the factory")
			.isTrue();
		Caller<Outcome> kill = Caller.start(() -> tree.root().killChild("sub"));
		try {
			Outcome outcome = kill.result();
			assertThat(outcome.isOk()).isTrue();
			NodeSnapshot sub = tree.find("t/sub").orElseThrow();
			assertThat(sub.state()).as("the next incarnation waits for the abandoned one")
				.isEqualTo(ChildState.RESTARTING);
			assertThat(sub.restartPending()).isTrue();
		}
		finally {
			this.unblock.countDown();
		}
		// The stuck user code returns: the old supervisor kills its children and ends, then the new
		// incarnation starts with a fresh child.
		this.children.await((e) -> e.type() == STARTED && e.path().equals("t/sub") && e.incarnation() == 2);
		Awaitility.await().atMost(Duration.ofMillis(BOUND_MS))
			.until(() -> tree.find("t/sub/s").map((s) -> s.state() == ChildState.RUNNING).orElse(false));
		assertThat(tree.find("t/sub").orElseThrow().incarnation()).isEqualTo(2);
	}

	// ---------------------------------------------------------------------------------------------
	// Lies
	// ---------------------------------------------------------------------------------------------

	/**
	 * Kind: lies. The service reported its own normal exit ({@link ServiceContext#exit}) before the
	 * supervisor acted on an operator's {@code killChild}, which was queued behind other work. OTP:
	 * {@code exit(Pid, kill)} on a process that has already exited does nothing; the supervisor
	 * handles its real {@code 'EXIT'} ({@code normal}) and a transient child is not restarted
	 * ({@code do_restart/4}). The engine itself decides a report against a stop request under one
	 * lock ({@code Incarnation.markStopRequested}): here the report won, and a terminate in the same
	 * race reports the service's own reason. DESIGN "Restart types": transient is restarted only
	 * when the exit is abnormal.
	 * <p>
	 * The kill answers that the child had already exited by itself. Before, {@code killChild}
	 * reported {@code EXITED} with reason {@code killed} for an incarnation that exited
	 * {@code normal}, restarted the transient child, and counted the restart in the window.
	 */
	@Test
	void aKillProcessedAfterTheServiceExitedNormallyByItselfDoesNotRestartATransientChild() throws Exception {
		FailurePathsTest.Hold gate = new FailurePathsTest.Hold(EXITED, "t/x");
		List<ServiceContext> contexts = new CopyOnWriteArrayList<>();
		ChildSpec s = ChildSpec.service("s", (context) -> new FailurePathsTest.Idle() {

			@Override
			public void start(ServiceContext ctx) {
				contexts.add(ctx);
			}

		}).withRestart(RestartType.TRANSIENT);
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("x"), s),
				this.children.realTimeOptions().withListener(gate));
		tree.start();
		// Hold the root on x's exit, queue the operator's kill, then let s exit normally by itself.
		this.children.crash("t/x");
		gate.awaitHolding();
		Caller<Outcome> kill = Caller.start(() -> tree.root().killChild("s"));
		kill.awaitQueued();
		contexts.get(0).exit();
		gate.release.countDown();
		assertThat(kill.result().status()).isEqualTo(Outcome.Status.NOT_RUNNING);
		SupervisionEvent end = this.children
			.await((e) -> e.path().equals("t/s") && e.incarnation() == 1 && e.type() == EXITED);
		List<ChildInfo> after = FailurePathsTest.within(() -> tree.root().whichChildren());
		assertThat(end.reason()).as("incarnation 1 ended by its own normal exit").isEqualTo(ExitReason.normal());
		assertThat(after).filteredOn((c) -> c.id().equals("s"))
			.singleElement()
			.satisfies((c) -> assertThat(c.incarnation()).as("a transient child that exited normally is not restarted")
				.isEqualTo(1));
	}


	/**
	 * Kind: lies, for a worker. Its {@code run} returned by itself (a normal exit) before the
	 * supervisor acted on an operator's kill queued behind other work: the kill finds nothing to kill
	 * and the transient worker, which exited normally, is not restarted (OTP {@code do_restart/4}).
	 */
	@Test
	void aKillProcessedAfterAWorkerReturnedByItselfDoesNotRestartATransientWorker() throws Exception {
		FailurePathsTest.Hold gate = new FailurePathsTest.Hold(EXITED, "t/x");
		CountDownLatch finish = new CountDownLatch(1);
		List<String> returned = new CopyOnWriteArrayList<>();
		ChildSpec w = ChildSpec.worker("w", (context) -> (ctx) -> {
			finish.await();
			returned.add("w#" + ctx.incarnation());
		}).withRestart(RestartType.TRANSIENT);
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("x"), w),
				this.children.realTimeOptions().withListener(gate));
		tree.start();
		this.children.crash("t/x");
		gate.awaitHolding();
		Caller<Outcome> kill = Caller.start(() -> tree.root().killChild("w"));
		kill.awaitQueued();
		finish.countDown();
		Awaitility.await().atMost(Duration.ofMillis(BOUND_MS)).until(() -> returned.contains("w#1"));
		gate.release.countDown();
		assertThat(kill.result().status()).isEqualTo(Outcome.Status.NOT_RUNNING);
		SupervisionEvent end = this.children
			.await((e) -> e.path().equals("t/w") && e.incarnation() == 1 && e.type() == EXITED);
		assertThat(end.reason()).as("incarnation 1 returned by itself").isEqualTo(ExitReason.normal());
		assertThat(FailurePathsTest.within(() -> tree.root().whichChildren())).filteredOn((c) -> c.id().equals("w"))
			.singleElement()
			.satisfies((c) -> assertThat(c.incarnation()).isEqualTo(1));
	}

	/**
	 * Kind: lies. A {@code brutal-kill} child that had exited by itself before its supervisor acted
	 * on the terminate queued behind other work keeps its own reason (OTP {@code shutdown/2}: the
	 * {@code 'EXIT'} already in the mailbox is the reason, not {@code killed}); its stop is never
	 * called and its instance is released once.
	 */
	@Test
	void aBrutalKillOfAServiceThatHadExitedByItselfReportsItsOwnExit() throws Exception {
		FailurePathsTest.Hold gate = new FailurePathsTest.Hold(EXITED, "t/x");
		SupervisionTree tree = this.children.create("t",
				SupervisorSpec.oneForOne(this.children.service("x"),
						this.children.service("s").withRestart(RestartType.TRANSIENT).withShutdown(Shutdown.BRUTAL_KILL)),
				this.children.realTimeOptions().withListener(gate));
		tree.start();
		this.children.crash("t/x");
		gate.awaitHolding();
		Caller<Outcome> terminate = Caller.start(() -> tree.root().terminateChild("s"));
		terminate.awaitQueued();
		this.children.exit("t/s");
		gate.release.countDown();
		assertThat(terminate.result().isOk()).isTrue();
		SupervisionEvent end = this.children.await((e) -> e.path().equals("t/s") && e.incarnation() == 1
				&& (e.type() == EXITED || e.type() == SupervisionEvent.Type.STOPPED));
		assertThat(end.reason()).as("its own exit, not killed").isEqualTo(ExitReason.normal());
		FailurePathsTest.within(() -> {
			tree.stop();
			return null;
		});
		assertThat(this.children.journal("stop:t/s")).as("stop() is never called after its own exit").isEmpty();
		int made = this.children.instances.values().stream().mapToInt(List::size).sum();
		assertThat(this.children.released).as("every instance released once").hasSize(made).doesNotHaveDuplicates();
	}

	/**
	 * Kind: lies (snapshot). {@link NodeSnapshot} Javadoc: {@code restartPending} is "whether
	 * something will start it again without an operator: it is starting, a backoff, delayed restart
	 * or retry is pending, it waits for an abandoned incarnation, or it belongs to a group restart
	 * (one_for_all, rest_for_one) that is pending".
	 * <p>
	 * one_for_all with {@code a} (a singleton worker) and {@code b}. The operator terminates
	 * {@code b} (it stays stopped: OTP {@code terminate_child}), kills {@code a} by terminating it
	 * (brutal kill; it ignores the interrupt, so it is abandoned) and then asks {@code
	 * restartChild("a")}, which waits for the abandoned incarnation (PENDING). That pending start is
	 * an operator's start of {@code a} alone ({@code Pending.group == null}, {@code restart ==
	 * false}), not a group restart: when it fires only {@code a} starts and {@code b} stays stopped.
	 * So while it waits {@code b} is not {@code restartPending}. Before, the snapshot took any
	 * pending entry of a one_for_all (or an earlier one of a rest_for_one) supervisor for a pending
	 * group restart.
	 */
	@Test
	void aStoppedSiblingIsNotShownAsRestartPendingWhileAnOperatorsStartWaitsForAnAbandonedIncarnation()
			throws Exception {
		CountDownLatch running = new CountDownLatch(1);
		Worker singleton = (context) -> {
			running.countDown();
			if (context.incarnation() == 1) {
				TestChildren.awaitIgnoringInterrupts(this.unblock);
			}
			else {
				new CountDownLatch(1).await();
			}
		};
		SupervisionTree tree = this.children.create("t",
				SupervisorSpec.oneForAll(ChildSpec.worker("a", (context) -> singleton).withShutdown(Shutdown.BRUTAL_KILL),
						this.children.service("b")),
				this.children.realTimeOptions());
		tree.start();
		assertThat(FailurePathsTest.within(() -> tree.root().terminateChild("b")).isOk()).isTrue();
		assertThat(running.await(BOUND_MS, TimeUnit.MILLISECONDS)).as("a runs").isTrue();
		assertThat(FailurePathsTest.within(() -> tree.root().terminateChild("a")).isOk()).isTrue();
		assertThat(FailurePathsTest.within(() -> tree.root().restartChild("a")).status())
			.isEqualTo(Outcome.Status.PENDING);
		NodeSnapshot waiting = tree.find("t/b").orElseThrow();
		// The abandoned incarnation ends; the operator's start of a is made, and nothing else.
		this.unblock.countDown();
		this.children.await((e) -> e.type() == STARTED && e.path().equals("t/a") && e.incarnation() == 2);
		assertThat(FailurePathsTest.within(() -> tree.root().whichChildren()))
			.filteredOn((c) -> c.id().equals("b"))
			.singleElement()
			.satisfies((c) -> assertThat(c.state()).as("b was not started by anyone").isEqualTo(ChildState.STOPPED));
		assertThat(waiting.state()).isEqualTo(ChildState.STOPPED);
		assertThat(waiting.restartPending()).as("b was shown as about to be started without an operator").isFalse();
	}


	/**
	 * Kind: lies. {@link SupervisionTree#state()}: "failed after it gave up"; the engine's own rule
	 * (FailurePathsTest#aRootCrashedByAnErrorItCannotCatchEndsFailedAndCanStartAgain) is that a root
	 * that ends {@code crashed} is {@code FAILED}, and its termination, its last exit and its state
	 * agree.
	 * <p>
	 * Here the error escapes the root's loop after it entered TERMINATED (the logger, user code,
	 * throws on the {@code supervisor-stopped} report line). Before, the termination and the last
	 * exit said crashed and the state said stopped.
	 */
	@Test
	void aRootThatEndsCrashedShowsFailedEvenWhenTheErrorCameAfterItsChildrenStopped() throws Exception {
		FailurePathsTest.BrokenLogger broken = new FailurePathsTest.BrokenLogger("event=supervisor-stopped path=t reason");
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("s")),
				this.children.realTimeOptions().withReports(true).withLogger(broken));
		tree.start();
		ExitReason reason = tree.stopAsync().get(BOUND_MS, TimeUnit.MILLISECONDS);
		assertThat(reason.kind()).isEqualTo(ExitReason.Kind.CRASHED);
		assertThat(tree.snapshot().lastExit().reason()).isEqualTo(ExitReason.Kind.CRASHED);
		assertThat(tree.state()).as("the state agrees with the termination (crashed)").isEqualTo(ChildState.FAILED);
	}

}
