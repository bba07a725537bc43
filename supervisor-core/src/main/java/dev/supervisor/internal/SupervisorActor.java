package dev.supervisor.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import dev.supervisor.AutoShutdown;
import dev.supervisor.ChildKind;
import dev.supervisor.ChildState;
import dev.supervisor.DynamicSupervisorSpec;
import dev.supervisor.Durations;
import dev.supervisor.ExitReason;
import dev.supervisor.StartFailedException;
import dev.supervisor.StaticSupervisorSpec;
import dev.supervisor.Strategy;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.Threads;

import org.jspecify.annotations.Nullable;

/**
 * One supervisor: an actor with a mailbox and a thread of its own that serves child exits,
 * timers and operations one at a time, in order (OTP's {@code gen_server} loop of
 * {@code supervisor.erl}). Its state (OTP's {@code #state{}}) is touched only by that thread.
 */
final class SupervisorActor implements ExitSink, Runnable {

	static final Object STOP = "stop";

	static final Object POKE = "poke";

	/** The answer of a call to a supervisor that is no longer running. */
	static final Object DOWN = "down";

	enum Phase {

		NEW, STARTING, RUNNING, STOPPING, TERMINATED

	}

	final String path;

	final SupervisorSpec spec;

	final TreeRuntime runtime;

	/** This supervisor's own incarnation; its sink is the parent (or the tree). */
	final SupervisorIncarnation self;

	final boolean dynamic;

	final Strategy strategy;

	final AutoShutdown autoShutdown;

	final Mailbox mailbox = new Mailbox();

	/** The children in start order (OTP keeps them in a list, newest first). */
	final LinkedHashMap<String, ChildRecord> children = new LinkedHashMap<>();

	final RestartWindow window;

	final PriorityQueue<Pending> timers = new PriorityQueue<>(Comparator.comparingLong((Pending p) -> p.dueNanos));

	/** Messages set aside while waiting for one child (OTP's selective receive leaves them queued). */
	final ArrayDeque<Object> deferred = new ArrayDeque<>();

	/** How many children are in each state, kept as they change, so summaries are O(1). */
	final int[] counts = new int[ChildState.values().length];

	final CompletableFuture<Void> started = new CompletableFuture<>();

	/** Completes with this supervisor's exit reason once its exit has been reported to its parent. */
	final CompletableFuture<ExitReason> terminated = new CompletableFuture<>();

	final ChildLifecycle lifecycle;

	final Restarts restarts;

	final Operations operations;

	volatile Phase phase = Phase.NEW;

	/** When this supervisor entered its phase, on the tree's clock: the root's {@code since}. */
	volatile long phaseSinceMillis;

	/** When this supervisor began to stop, on the tree's clock; 0 until it does. */
	volatile long stoppingSinceMillis;

	volatile boolean killRequested;

	volatile boolean gaveUp;

	/** How many restarts this supervisor delayed because its intensity was reached (delay-on-max-intensity). */
	int restartsDelayed;

	private volatile boolean closed;

	/** Set when this supervisor must stop; the loop then terminates the children and exits. */
	@Nullable ExitReason exitReason;

	long nextDynamicId;

	private volatile @Nullable Thread thread;

	private @Nullable AutoCloseable clockSubscription;

	SupervisorActor(String path, SupervisorSpec spec, TreeRuntime runtime, SupervisorIncarnation self) {
		this.path = path;
		this.spec = spec;
		this.runtime = runtime;
		this.self = self;
		this.dynamic = spec instanceof DynamicSupervisorSpec;
		this.strategy = (spec instanceof StaticSupervisorSpec s) ? s.strategy() : Strategy.ONE_FOR_ONE;
		this.autoShutdown = spec.autoShutdown();
		this.window = new RestartWindow(spec.intensity(), Durations.toNanosCapped(spec.period()));
		this.lifecycle = new ChildLifecycle(this);
		this.restarts = new Restarts(this);
		this.operations = new Operations(this);
	}

	/** Enters a phase, noting when (written before the phase, so a reader of the phase sees it). */
	void enter(Phase next) {
		long now = this.runtime.clock.currentTimeMillis();
		if (next == Phase.STOPPING) {
			this.stoppingSinceMillis = now;
		}
		this.phaseSinceMillis = now;
		this.phase = next;
	}

	ChildKind kind() {
		return this.dynamic ? ChildKind.DYNAMIC_SUPERVISOR : ChildKind.SUPERVISOR;
	}

	/**
	 * Starts the actor's thread; {@link #started} completes once its children have started, or
	 * exceptionally if they could not, or if no thread could be had for it.
	 */
	void start() {
		this.clockSubscription = this.runtime.clock.onAdvance(() -> this.mailbox.post(POKE));
		try {
			this.runtime.execute(this.path, this);
		}
		catch (Throwable ex) {
			// No thread, no supervisor: a start failure, never a supervisor left starting for good.
			startFailed(new StartFailedException(this.path, ex));
		}
	}

	@Override
	public void run() {
		Thread thread = Thread.currentThread();
		this.thread = thread;
		this.mailbox.bind(thread);
		this.self.bind();
		try {
			live();
		}
		catch (Throwable ex) {
			crashed(ex);
		}
		finally {
			this.self.unbind();
			this.thread = null;
		}
	}

	private void live() {
		enter(Phase.STARTING);
		this.runtime.reporter.supervisorStarting(this);
		try {
			if (this.spec instanceof StaticSupervisorSpec staticSpec) {
				this.operations.startInitialChildren(staticSpec);
			}
		}
		catch (StartFailedException ex) {
			startFailed(ex);
			return;
		}
		enter(Phase.RUNNING);
		this.started.complete(null);
		this.self.sink.wake();
		loop();
	}

	private void loop() {
		while (this.exitReason == null) {
			Object message = next();
			if (this.killRequested) {
				if (message != null) {
					// Still answered (a call) or released (an abandoned incarnation) when the mailbox closes.
					this.deferred.addFirst(message);
				}
				this.exitReason = ExitReason.killed();
				break;
			}
			if (message != null) {
				dispatch(message);
			}
			fireDueTimers();
		}
		enter(Phase.STOPPING);
		long begin = this.runtime.clock.nanoTime();
		this.timers.clear();
		if (this.killRequested) {
			this.lifecycle.killAll();
		}
		else {
			this.lifecycle.terminateAll();
		}
		if (this.dynamic) {
			// OTP: a stopped simple_one_for_one supervisor has no children; keep none in memory.
			new ArrayList<>(this.children.values()).forEach(this::removeChild);
		}
		ExitReason reason = this.exitReason;
		enter(Phase.TERMINATED);
		this.runtime.reporter.supervisorStopped(this, reason, this.runtime.clock.nanoTime() - begin);
		// The parent hears of the exit before any late caller is answered "down".
		this.self.finish(reason);
		this.terminated.complete(reason);
		close();
	}

	private void startFailed(StartFailedException failure) {
		this.runtime.reporter.supervisorStartFailed(this, failure);
		enter(Phase.TERMINATED);
		close();
		this.terminated.complete(ExitReason.crashed(failure));
		this.started.completeExceptionally(failure);
		this.self.sink.wake();
	}

	/**
	 * The last resort when something escaped the loop (user code is guarded where it is called, so
	 * this is a bug): the supervisor exits {@code crashed} as an OTP supervisor process would, taking
	 * its children down without waiting, and still answers every caller and its parent.
	 */
	private void crashed(Throwable error) {
		try {
			this.runtime.reporter.warn("Supervisor '" + this.path + "' crashed", error);
			this.timers.clear();
			this.lifecycle.killAll();
		}
		catch (Throwable ex) {
			error.addSuppressed(ex);
		}
		if (!this.started.isDone()) {
			startFailed(new StartFailedException(this.path, error));
			return;
		}
		ExitReason reason = ExitReason.crashed(error);
		if (this.self.exitReason() == null) {
			// Its end was not reported yet, even if the error came after its children had stopped:
			// its state, its termination and its parent all say crashed.
			this.exitReason = reason;
		}
		if (this.phase != Phase.TERMINATED) {
			enter(Phase.TERMINATED);
		}
		this.self.finish(reason);
		this.terminated.complete(reason);
		close();
	}

	private @Nullable Object next() {
		Object message = this.deferred.poll();
		if (message != null) {
			return message;
		}
		Pending first = this.timers.peek();
		long park = (first != null) ? this.runtime.clock.parkNanos(first.dueNanos) : Long.MAX_VALUE;
		message = this.mailbox.take(park);
		// Only kill() interrupts this thread, and it sets killRequested first; drop strays.
		Thread.interrupted();
		return message;
	}

	private void dispatch(Object message) {
		if (message instanceof Incarnation incarnation) {
			this.restarts.childExited(incarnation);
		}
		else if (message instanceof Call call) {
			call.run(this);
		}
		else if (message instanceof Pending pending) {
			this.restarts.fire(pending);
		}
		else if (message == STOP) {
			this.exitReason = ExitReason.shutdown();
		}
	}

	private void fireDueTimers() {
		Pending first;
		while (this.exitReason == null && (first = this.timers.peek()) != null
				&& first.dueNanos - this.runtime.clock.nanoTime() <= 0) {
			this.timers.poll();
			this.restarts.fire(first);
		}
	}

	/**
	 * Waits until the condition holds or the deadline passes, serving read-only calls meanwhile
	 * and setting every other message aside (OTP's selective receive in {@code shutdown/2}).
	 * @param done the condition; whoever makes it true must post to this mailbox
	 * @param deadlineNanos the deadline on the tree's clock, {@code Long.MAX_VALUE} for none
	 * @return whether the condition holds
	 */
	boolean await(BooleanSupplier done, long deadlineNanos) {
		while (!done.getAsBoolean()) {
			if (this.killRequested) {
				return false;
			}
			long park = (deadlineNanos == Long.MAX_VALUE) ? Long.MAX_VALUE
					: this.runtime.clock.parkNanos(deadlineNanos);
			if (park <= 0) {
				return false;
			}
			Object message = this.mailbox.take(park);
			Thread.interrupted();
			if (message == null || message == POKE) {
				continue;
			}
			if (message instanceof Incarnation incarnation && incarnation.record.current != incarnation) {
				this.restarts.childExited(incarnation);
				continue;
			}
			if (message instanceof Call call && call.readOnly) {
				call.run(this);
				continue;
			}
			this.deferred.add(message);
		}
		return true;
	}

	/** Asks this supervisor to stop with its children (from its parent or the tree). */
	void requestStop() {
		this.mailbox.post(STOP);
	}

	/** Stops waiting for this supervisor: it kills its children without waiting and exits. */
	void kill() {
		this.killRequested = true;
		this.mailbox.post(POKE);
		this.self.interrupt();
	}

	/** Whether this supervisor ended by crashing itself; read after {@link #phase} says it terminated. */
	boolean crashed() {
		ExitReason reason = this.exitReason;
		return reason != null && reason.kind() == ExitReason.Kind.CRASHED;
	}

	boolean isOwnThread() {
		return Thread.currentThread() == this.thread;
	}

	boolean isTerminated() {
		return this.phase == Phase.TERMINATED;
	}

	/**
	 * Runs an operation on this supervisor's thread, in order with its other work, and waits for it.
	 * @param operation the operation
	 * @param readOnly whether it may be served while the supervisor waits for a child to stop
	 * @return its result, or {@link #DOWN} if the supervisor is not running
	 */
	Object call(Function<SupervisorActor, Object> operation, boolean readOnly) {
		CompletableFuture<Object> result = submit(operation, readOnly);
		if (!result.isDone() && !Threads.isVirtual(Thread.currentThread())) {
			// A platform caller spins briefly, as the mailbox does: the answer often comes sooner
			// than an OS wake-up would.
			long until = System.nanoTime() + Mailbox.SPIN_NANOS;
			while (!result.isDone() && System.nanoTime() - until < 0) {
				Thread.onSpinWait();
			}
		}
		return result.join();
	}

	/**
	 * Queues an operation for this supervisor's thread.
	 * @param operation the operation
	 * @param readOnly whether it may be served while the supervisor waits for a child to stop
	 * @return its result to come, {@link #DOWN} if the supervisor is not running
	 */
	CompletableFuture<Object> submit(Function<SupervisorActor, Object> operation, boolean readOnly) {
		Call call = new Call(operation, readOnly);
		if (isOwnThread()) {
			if (readOnly) {
				// Reading its own state on its own thread is safe (e.g. a listener taking a snapshot).
				call.run(this);
				return call.result;
			}
			throw new IllegalStateException("Supervisor '" + this.path + "' was called from its own thread "
					+ "(a service start, a factory or a listener); it would wait for itself");
		}
		if (this.closed) {
			call.result.complete(DOWN);
			return call.result;
		}
		this.mailbox.post(call);
		if (this.closed) {
			drainClosed();
		}
		return call.result;
	}

	void setState(ChildRecord record, ChildState state) {
		this.counts[record.state.ordinal()]--;
		this.counts[state.ordinal()]++;
		record.state = state;
		record.sinceMillis = this.runtime.clock.currentTimeMillis();
	}

	void addChild(ChildRecord record) {
		this.children.put(record.id, record);
		this.counts[record.state.ordinal()]++;
	}

	void removeChild(ChildRecord record) {
		if (this.children.remove(record.id, record)) {
			this.counts[record.state.ordinal()]--;
			record.pending = null;
		}
	}

	boolean isChild(ChildRecord record) {
		return this.children.get(record.id) == record;
	}

	@Override
	public void exited(Incarnation incarnation) {
		this.mailbox.post(incarnation);
		if (this.closed) {
			drainClosed();
		}
	}

	@Override
	public void wake() {
		this.mailbox.post(POKE);
	}

	@Override
	public String childPath(String id) {
		return this.path + "/" + id;
	}

	private void close() {
		this.closed = true;
		AutoCloseable subscription = this.clockSubscription;
		if (subscription != null) {
			try {
				subscription.close();
			}
			catch (Exception ex) {
				// Removing a callback from a clock cannot meaningfully fail.
			}
		}
		Object message;
		while ((message = this.deferred.poll()) != null) {
			answerClosed(message);
		}
		drainClosed();
	}

	private void drainClosed() {
		Object message;
		while ((message = this.mailbox.poll()) != null) {
			answerClosed(message);
		}
	}

	private void answerClosed(Object message) {
		if (message instanceof Call call) {
			call.result.complete(DOWN);
		}
		else if (message instanceof Incarnation incarnation && incarnation.abandoned) {
			// An abandoned incarnation that finally ended: now its instance can be released.
			this.lifecycle.abandonedEnded(incarnation);
		}
	}

	/** An operation waiting in the mailbox. */
	static final class Call {

		final Function<SupervisorActor, Object> operation;

		final boolean readOnly;

		final CompletableFuture<Object> result = new CompletableFuture<>();

		Call(Function<SupervisorActor, Object> operation, boolean readOnly) {
			this.operation = operation;
			this.readOnly = readOnly;
		}

		void run(SupervisorActor actor) {
			try {
				this.result.complete(this.operation.apply(actor));
			}
			catch (Throwable ex) {
				this.result.completeExceptionally(ex);
			}
		}

	}

}
