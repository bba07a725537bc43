package dev.supervisor.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import dev.supervisor.ChildFactory;
import dev.supervisor.ChildState;
import dev.supervisor.Durations;
import dev.supervisor.ExitReason;
import dev.supervisor.Service;
import dev.supervisor.Shutdown;
import dev.supervisor.StartFailedException;
import dev.supervisor.Worker;

import org.jspecify.annotations.Nullable;

/**
 * Starting and stopping single incarnations for one supervisor: OTP's {@code do_start_child/2},
 * {@code shutdown/2} and {@code terminate_children/2}.
 */
final class ChildLifecycle {

	private final SupervisorActor supervisor;

	ChildLifecycle(SupervisorActor supervisor) {
		this.supervisor = supervisor;
	}

	/**
	 * Starts a new incarnation of the child (OTP {@code do_start_child/2}).
	 * @return {@code true} if it runs, {@code false} if its factory declined (OTP {@code ignore}),
	 * or if it waits for an abandoned incarnation of the same instance (then {@code record.pending}
	 * is set and the child is {@code restarting})
	 * @throws ChildStartFailure if the start failed; the child is then stopped
	 */
	boolean start(ChildRecord record) throws ChildStartFailure {
		SupervisorActor sup = this.supervisor;
		long number = ++record.incarnations;
		sup.setState(record, ChildState.STARTING);
		boolean interrupted = Thread.currentThread().isInterrupted();
		Incarnation incarnation;
		try {
			incarnation = switch (record.spec.kind()) {
				case WORKER -> startWorker(record, number);
				case SERVICE -> startService(record, number);
				case SUPERVISOR, DYNAMIC_SUPERVISOR -> startSupervisor(record, number);
			};
		}
		catch (StartDeferred ex) {
			// Not started: this number is used again when the wait is over.
			record.incarnations--;
			record.current = null;
			sup.setState(record, ChildState.RESTARTING);
			return false;
		}
		catch (ChildStartFailure ex) {
			failed(record, number, ex.getCause(), ex.path);
			throw ex;
		}
		catch (Throwable ex) {
			// Anything the factory or start() throws, an Error too, is this child's start failure.
			String path = sup.childPath(record.id);
			failed(record, number, ex, path);
			throw new ChildStartFailure(path, ex);
		}
		finally {
			restoreInterrupt(interrupted);
		}
		if (incarnation == null) {
			record.current = null;
			sup.setState(record, ChildState.STOPPED);
			return false;
		}
		record.startedNanos = sup.runtime.clock.nanoTime();
		sup.setState(record, ChildState.RUNNING);
		sup.runtime.reporter.started(sup, record, number);
		return true;
	}

	private void failed(ChildRecord record, long number, Throwable cause, String path) {
		record.current = null;
		record.lastRunNanos = 0;
		this.supervisor.setState(record, ChildState.STOPPED);
		this.supervisor.runtime.reporter.startFailed(this.supervisor, record, number,
				ExitReason.crashed(cause), "start-error child=" + path);
	}

	private @Nullable Incarnation startWorker(ChildRecord record, long number) throws Exception {
		WorkerIncarnation incarnation = new WorkerIncarnation(this.supervisor, record, number);
		Object instance = record.spec.factory().create(incarnation);
		if (instance == null) {
			return null;
		}
		if (!(instance instanceof Worker worker)) {
			throw new IllegalStateException("The factory of worker '" + incarnation.path() + "' returned a "
					+ instance.getClass().getName() + ", which is not a " + Worker.class.getName());
		}
		incarnation.worker = worker;
		awaitAbandoned(incarnation, worker);
		record.current = incarnation;
		try {
			this.supervisor.runtime.execute(incarnation.path() + "#" + number, incarnation);
		}
		catch (Throwable ex) {
			// No thread (the factory refused, or the JVM could not make one): a start failure, and
			// the instance, which never ran, is released at once.
			incarnation.markStopRequested();
			release(incarnation);
			throw ex;
		}
		return incarnation;
	}

	private @Nullable Incarnation startService(ChildRecord record, long number) throws Exception {
		ServiceIncarnation incarnation = new ServiceIncarnation(this.supervisor, record, number, this.supervisor.runtime);
		Object instance = record.spec.factory().create(incarnation);
		if (instance == null) {
			return null;
		}
		if (!(instance instanceof Service service)) {
			throw new IllegalStateException("The factory of service '" + incarnation.path() + "' returned a "
					+ instance.getClass().getName() + ", which is not a " + Service.class.getName());
		}
		incarnation.service = service;
		awaitAbandoned(incarnation, service);
		// Current before start(): the service may report its exit from within start().
		record.current = incarnation;
		try {
			service.start(incarnation);
		}
		catch (Throwable ex) {
			// Its reports from now on are ignored; it never ran, so it is released at once.
			incarnation.markStopRequested();
			release(incarnation);
			throw ex;
		}
		return incarnation;
	}

	/**
	 * Java cannot kill a thread: if an abandoned incarnation still runs on the same instance (a
	 * singleton), the new one must not start on it. Its start then waits, without holding up the
	 * supervisor, until that one has ended; the instance made for it never ran and is released at
	 * once (the start makes a new one when the wait is over). A fresh instance starts at once.
	 * @param incarnation the incarnation about to start
	 * @param instance what its factory made
	 * @throws StartDeferred if the start waits
	 */
	private void awaitAbandoned(Incarnation incarnation, Object instance) throws StartDeferred {
		if (this.supervisor.runtime.abandoned.isEmpty()) {
			return;
		}
		try {
			deferWhileHeld(incarnation.record, incarnation.number, target(incarnation.record, instance));
		}
		catch (StartDeferred ex) {
			release(incarnation);
			throw ex;
		}
	}

	/**
	 * Makes the start of the child wait while an abandoned incarnation still runs on the target: the
	 * child's instance, or for a nested supervisor its record (a killed supervisor whose thread is
	 * still in user code has not killed its own children yet).
	 * @throws StartDeferred if the start waits
	 */
	private void deferWhileHeld(ChildRecord record, long number, Object target) throws StartDeferred {
		SupervisorActor sup = this.supervisor;
		if (sup.runtime.abandoned.isEmpty()) {
			return;
		}
		Pending pending = new Pending(record, Pending.Kind.AWAIT_ABANDONED, Long.MAX_VALUE, 0);
		Incarnation holder = sup.runtime.abandoned.waitFor(target, sup, pending);
		if (holder == null) {
			return;
		}
		record.pending = pending;
		sup.runtime.reporter.awaitingAbandoned(sup, record, number, holder);
		throw StartDeferred.INSTANCE;
	}

	@SuppressWarnings("unchecked")
	private Object target(ChildRecord record, Object instance) {
		ChildFactory<Object> factory = (ChildFactory<Object>) record.spec.factory();
		try {
			Object target = (factory != null) ? factory.target(instance) : instance;
			return (target != null) ? target : instance;
		}
		catch (RuntimeException ex) {
			this.supervisor.runtime.reporter.warn("The factory of '" + this.supervisor.childPath(record.id)
					+ "' failed to name the target of " + instance + "; the instance itself is used", ex);
			return instance;
		}
	}

	private Incarnation startSupervisor(ChildRecord record, long number) throws ChildStartFailure, StartDeferred {
		SupervisorActor sup = this.supervisor;
		deferWhileHeld(record, number, record);
		SupervisorIncarnation incarnation = new SupervisorIncarnation(sup, record, number);
		SupervisorActor child = new SupervisorActor(sup.childPath(record.id), record.spec.supervisor(), sup.runtime,
				incarnation);
		incarnation.actor = child;
		record.current = incarnation;
		record.lastSupervisor = child;
		child.start();
		// OTP start_link waits for init/1: the nested supervisor has started all its children.
		if (!sup.await(child.started::isDone, Long.MAX_VALUE)) {
			child.kill();
			throw new ChildStartFailure(child.path, new IllegalStateException("supervisor killed while starting"));
		}
		try {
			child.started.join();
		}
		catch (CompletionException ex) {
			StartFailedException failure = (StartFailedException) ex.getCause();
			throw new ChildStartFailure(failure.childPath(), failure.getCause());
		}
		return incarnation;
	}

	/**
	 * Stops one child with its shutdown (OTP {@code shutdown/2}) and reports it.
	 * @param record the child
	 */
	void stop(ChildRecord record) {
		stopAll(List.of(record));
	}

	/**
	 * Stops children all at once: each is asked to stop, then each is awaited within its own
	 * shutdown, measured from the moment all were asked (dynamic supervisors; a single static child).
	 * @param records the children
	 */
	void stopAll(List<ChildRecord> records) {
		SupervisorActor sup = this.supervisor;
		long askedAt = sup.runtime.clock.nanoTime();
		List<ChildRecord> asked = new ArrayList<>(records.size());
		for (ChildRecord record : records) {
			record.pending = null;
			Incarnation incarnation = record.current;
			if (incarnation == null) {
				if (record.state == ChildState.RESTARTING || record.state == ChildState.DELAYED) {
					sup.setState(record, ChildState.STOPPED);
					sup.runtime.reporter.restartCancelled(sup, record);
				}
				continue;
			}
			sup.setState(record, ChildState.STOPPING);
			if (record.spec.shutdown().kind() == Shutdown.Kind.BRUTAL_KILL) {
				incarnation.kill();
			}
			else {
				incarnation.requestStop();
			}
			asked.add(record);
		}
		for (ChildRecord record : asked) {
			Incarnation incarnation = record.current;
			Shutdown shutdown = record.spec.shutdown();
			long deadline = switch (shutdown.kind()) {
				case BRUTAL_KILL -> askedAt;
				case TIMEOUT -> Durations.deadline(askedAt, Durations.toNanosCapped(shutdown.timeout()));
				case INFINITY -> Long.MAX_VALUE;
			};
			ExitReason reason;
			if (shutdown.kind() != Shutdown.Kind.BRUTAL_KILL && sup.await(incarnation::hasExited, deadline)) {
				reason = incarnation.exitReason();
			}
			else {
				// Java cannot kill a thread: interrupt once more and never wait for it again. One that
				// had ended by itself keeps its own reason (OTP shutdown/2: the 'DOWN' reason).
				reason = incarnation.kill() ? ExitReason.killed() : incarnation.exitReason();
			}
			end(record, reason);
			sup.runtime.reporter.stopped(sup, record, incarnation.number, reason,
					incarnation.abandoned ? Reporter.stuck(incarnation) : null);
		}
	}

	/** Stops all children: static ones one at a time in reverse start order, dynamic ones all at once. */
	void terminateAll() {
		List<ChildRecord> all = new ArrayList<>(this.supervisor.children.values());
		if (this.supervisor.dynamic) {
			stopAll(all);
			return;
		}
		for (int i = all.size() - 1; i >= 0; i--) {
			stop(all.get(i));
		}
	}

	/** Kills all children without waiting (this supervisor was killed: links take them down too). */
	void killAll() {
		for (ChildRecord record : this.supervisor.children.values()) {
			record.pending = null;
			Incarnation incarnation = record.current;
			if (incarnation != null) {
				end(record, incarnation.kill() ? ExitReason.killed() : incarnation.exitReason());
			}
		}
	}

	/**
	 * Records the end of the child's current incarnation and releases its instance unless it was
	 * abandoned (then it is released when it finally ends).
	 */
	void end(ChildRecord record, ExitReason reason) {
		SupervisorActor sup = this.supervisor;
		Incarnation incarnation = record.current;
		record.current = null;
		long now = sup.runtime.clock.nanoTime();
		record.lastRunNanos = now - record.startedNanos;
		record.lastExit = reason;
		record.lastExitMillis = sup.runtime.clock.currentTimeMillis();
		sup.setState(record, ChildState.STOPPED);
		if (incarnation != null && !incarnation.abandoned) {
			release(incarnation);
		}
		else if (incarnation != null) {
			// It may still run: until it ends, no new incarnation starts on its instance (or, for a
			// nested supervisor, no new incarnation of it starts at all).
			Object instance = incarnation.instance();
			Object target = (incarnation instanceof SupervisorIncarnation) ? record
					: (instance != null) ? target(record, instance) : null;
			sup.runtime.abandoned.add(incarnation, target, sup.childPath(record.id), record.lastExitMillis);
		}
	}

	/**
	 * An abandoned incarnation has ended at last: its instance is released, then the starts that
	 * waited for it may go.
	 */
	void abandonedEnded(Incarnation incarnation) {
		release(incarnation);
		this.supervisor.runtime.reporter.abandonedEnded(incarnation);
		this.supervisor.runtime.abandoned.ended(incarnation);
	}

	@SuppressWarnings("unchecked")
	void release(Incarnation incarnation) {
		Object instance = incarnation.instance();
		ChildFactory<Object> factory = (ChildFactory<Object>) incarnation.record.spec.factory();
		if (instance == null || factory == null) {
			return;
		}
		boolean interrupted = Thread.currentThread().isInterrupted();
		try {
			factory.release(instance);
		}
		catch (Throwable ex) {
			// An Error too: a destroy callback never takes the supervisor down.
			this.supervisor.runtime.reporter.warn("Releasing " + incarnation + " failed", ex);
		}
		finally {
			restoreInterrupt(interrupted);
		}
	}

	/**
	 * Clears an interrupt that user code (a factory, a start, a listener, a release) left behind, as
	 * the catch-and-reinterrupt idiom does: on the supervisor's thread it would make the next
	 * child's start fail. The supervisor never relies on its thread's flag (a kill is
	 * {@code killRequested}), and an interrupt the thread had before is kept.
	 * @param before whether the thread was interrupted before the user code ran
	 */
	static void restoreInterrupt(boolean before) {
		if (!before) {
			Thread.interrupted();
		}
	}

	/** A start that waits for an abandoned incarnation; thrown without a stack trace. */
	static final class StartDeferred extends Exception {

		private static final long serialVersionUID = 1L;

		static final StartDeferred INSTANCE = new StartDeferred();

		private StartDeferred() {
			super("start deferred", null, false, false);
		}

	}

}
