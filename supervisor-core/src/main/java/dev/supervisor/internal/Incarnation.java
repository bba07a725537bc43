package dev.supervisor.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import dev.supervisor.ChildKind;
import dev.supervisor.ExitReason;
import dev.supervisor.ServiceContext;
import dev.supervisor.ShutdownException;

import org.jspecify.annotations.Nullable;

/**
 * One start of a child: a process in OTP terms. It ends exactly once; its end is posted to its
 * supervisor, which ignores it if the incarnation is no longer the child's current one.
 */
abstract class Incarnation implements ServiceContext {

	private static final VarHandle EXIT;

	static {
		try {
			EXIT = MethodHandles.lookup().findVarHandle(Incarnation.class, "exit", ExitReason.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final ExitSink sink;

	final ChildRecord record;

	final long number;

	volatile boolean stopRequested;

	/** Set once the supervisor stopped waiting for this incarnation. */
	volatile boolean abandoned;

	private volatile @Nullable ExitReason exit;

	/** The thread running this incarnation's task right now; guarded by {@code this}. */
	private @Nullable Thread runner;

	/** An interrupt that came before the task had its thread; guarded by {@code this}. */
	private boolean interruptPending;

	/**
	 * Whether the incarnation ended by itself before any stop request: its own report
	 * ({@link #fail}, {@link #exit}) or its task's end; guarded by {@code this}. Such an end and a
	 * stop request or kill are decided under this one lock, so exactly one of them ends the
	 * incarnation: a service is never stopped after its own report won, and a kill never overrides
	 * an exit that came first.
	 */
	private boolean endedByItself;

	Incarnation(ExitSink sink, ChildRecord record, long number) {
		this.sink = sink;
		this.record = record;
		this.number = number;
	}

	abstract ChildKind kind();

	/** The object to release when this incarnation has ended, if any. */
	abstract @Nullable Object instance();

	/** Asks this incarnation to stop; does not wait. */
	abstract void requestStop();

	/**
	 * Stops waiting for this incarnation: interrupts it once more and abandons it, unless it had
	 * already ended by itself.
	 * @return whether it was killed; {@code false} if it had ended by itself (its own exit, already
	 * posted to its supervisor, stands: OTP's {@code exit(Pid, kill)} to a process that has exited
	 * does nothing)
	 */
	final boolean kill() {
		boolean firstStopRequest;
		synchronized (this) {
			if (this.endedByItself) {
				return false;
			}
			firstStopRequest = !this.stopRequested && !hasExited();
			this.stopRequested = true;
			this.abandoned = true;
		}
		killed(firstStopRequest);
		return true;
	}

	/**
	 * The kill was decided: act on it (interrupt the task, kill a supervisor).
	 * @param firstStopRequest whether no stop was asked for before, so a service's stop is still due
	 */
	abstract void killed(boolean firstStopRequest);

	/**
	 * Ends this incarnation with the given reason, once; the first call wins.
	 * @return whether this call ended it
	 */
	final boolean finish(ExitReason reason) {
		if (EXIT.compareAndSet(this, (ExitReason) null, reason)) {
			this.sink.exited(this);
			return true;
		}
		return false;
	}

	/**
	 * Called by the incarnation's task first thing on its thread. An interrupt asked for before the
	 * task got its thread is delivered now.
	 */
	final synchronized void bind() {
		this.runner = Thread.currentThread();
		if (this.interruptPending) {
			this.interruptPending = false;
			this.runner.interrupt();
		}
	}

	/** Called by the incarnation's task last thing: its (maybe pooled) thread is no longer ours. */
	final synchronized void unbind() {
		this.runner = null;
	}

	/** The thread running this incarnation's task right now (its worker, or a service's stop), if any. */
	final synchronized @Nullable Thread runnerThread() {
		return this.runner;
	}

	/** Interrupts the incarnation's task, and never a thread that has moved on to other work. */
	final synchronized void interrupt() {
		if (this.runner != null) {
			this.runner.interrupt();
		}
		else {
			this.interruptPending = true;
		}
	}

	final boolean hasExited() {
		return this.exit != null;
	}

	final @Nullable ExitReason exitReason() {
		return this.exit;
	}

	@Override
	public String path() {
		return this.sink.childPath(this.record.id);
	}

	@Override
	public long incarnation() {
		return this.number;
	}

	@Override
	public @Nullable Object argument() {
		return this.record.argument;
	}

	@Override
	public boolean stopRequested() {
		return this.stopRequested;
	}

	@Override
	public boolean abandoned() {
		return this.abandoned;
	}

	@Override
	public void fail(Throwable error) {
		endByItself((error instanceof ShutdownException shutdown) ? shutdown.toExitReason() : ExitReason.crashed(error));
	}

	@Override
	public void exit() {
		endByItself(ExitReason.normal());
	}

	/** The incarnation's own report of its end: ignored once a stop was requested. */
	private void endByItself(ExitReason reason) {
		synchronized (this) {
			if (this.stopRequested || !EXIT.compareAndSet(this, (ExitReason) null, reason)) {
				return;
			}
			this.endedByItself = true;
		}
		this.sink.exited(this);
	}

	/**
	 * The incarnation's task (a worker's {@code run}) has returned or thrown: it ends with the
	 * reason for a stop if one was requested, else with its own, decided against stop requests and
	 * kills under the same lock.
	 * @param ifStopped the reason when a stop was requested
	 * @param ifNot the reason when it ended by itself
	 */
	final void taskEnded(ExitReason ifStopped, ExitReason ifNot) {
		synchronized (this) {
			boolean byItself = !this.stopRequested;
			if (!EXIT.compareAndSet(this, (ExitReason) null, byItself ? ifNot : ifStopped)) {
				return;
			}
			this.endedByItself = byItself;
		}
		this.sink.exited(this);
	}

	/**
	 * Records a stop request, decided against the incarnation's own report of its end under the
	 * same lock.
	 * @return whether this is the first request and the incarnation has not ended by itself, that
	 * is, whether the caller must now stop it
	 */
	final synchronized boolean markStopRequested() {
		if (this.stopRequested) {
			return false;
		}
		this.stopRequested = true;
		return !this.endedByItself && !hasExited();
	}

	@Override
	public String toString() {
		return path() + "#" + this.number;
	}

}
