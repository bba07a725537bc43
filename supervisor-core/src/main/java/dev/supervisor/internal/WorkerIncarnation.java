package dev.supervisor.internal;

import dev.supervisor.ChildKind;
import dev.supervisor.ExitReason;
import dev.supervisor.ShutdownException;
import dev.supervisor.Worker;

import org.jspecify.annotations.Nullable;

/** An incarnation of a worker: its own thread runs {@link Worker#run}. */
final class WorkerIncarnation extends Incarnation implements Runnable {

	@Nullable Worker worker;

	WorkerIncarnation(ExitSink sink, ChildRecord record, long number) {
		super(sink, record, number);
	}

	@Override
	ChildKind kind() {
		return ChildKind.WORKER;
	}

	@Override
	@Nullable Object instance() {
		return this.worker;
	}

	@Override
	public void run() {
		bind();
		ExitReason ifStopped;
		ExitReason ifNot;
		try {
			// Killed before its thread got to it: it never runs, so the late thread of an abandoned
			// incarnation cannot act after a later one started. (One merely asked to stop still runs,
			// interrupted, and may clean up while its supervisor waits for it.)
			if (!this.abandoned) {
				this.worker.run(this);
			}
			ifStopped = ExitReason.shutdown();
			ifNot = ExitReason.normal();
		}
		catch (InterruptedException ex) {
			ifStopped = ExitReason.shutdown();
			ifNot = ExitReason.crashed(ex);
		}
		catch (ShutdownException ex) {
			// The worker ended itself with {shutdown, Detail}: not a crash.
			ifStopped = ex.toExitReason();
			ifNot = ifStopped;
		}
		catch (Throwable ex) {
			// OTP shutdown_error: it failed while stopping; it stopped all the same.
			ifStopped = new ExitReason(ExitReason.Kind.SHUTDOWN, "failed while stopping", ex);
			ifNot = ExitReason.crashed(ex);
		}
		finally {
			unbind();
		}
		taskEnded(ifStopped, ifNot);
	}

	@Override
	void requestStop() {
		markStopRequested();
		interrupt();
	}

	@Override
	void killed(boolean firstStopRequest) {
		interrupt();
	}

}
