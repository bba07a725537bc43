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
	 * Whether the incarnation reported its own end ({@link #fail}, {@link #exit}) before any stop
	 * request; guarded by {@code this}. A report and a stop request are decided under one lock, so
	 * exactly one of them ends the incarnation: a service is never stopped after its own report won.
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

	/** Stops waiting for this incarnation: interrupts it once more and abandons it. */
	abstract void kill();

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
			if (this.stopRequested) {
				return;
			}
			this.endedByItself = true;
		}
		finish(reason);
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
