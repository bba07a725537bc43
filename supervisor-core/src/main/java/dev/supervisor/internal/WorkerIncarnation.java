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
		ExitReason reason;
		try {
			// Killed before its thread got to it: it never runs, so the late thread of an abandoned
			// incarnation cannot act after a later one started. (One merely asked to stop still runs,
			// interrupted, and may clean up while its supervisor waits for it.)
			if (!this.abandoned) {
				this.worker.run(this);
			}
			reason = this.stopRequested ? ExitReason.shutdown() : ExitReason.normal();
		}
		catch (InterruptedException ex) {
			reason = this.stopRequested ? ExitReason.shutdown() : ExitReason.crashed(ex);
		}
		catch (ShutdownException ex) {
			// The worker ended itself with {shutdown, Detail}: not a crash.
			reason = ex.toExitReason();
		}
		catch (Throwable ex) {
			// OTP shutdown_error: it failed while stopping; it stopped all the same.
			reason = this.stopRequested ? new ExitReason(ExitReason.Kind.SHUTDOWN, "failed while stopping", ex)
					: ExitReason.crashed(ex);
		}
		finally {
			unbind();
		}
		finish(reason);
	}

	@Override
	void requestStop() {
		this.stopRequested = true;
		interrupt();
	}

	@Override
	void kill() {
		this.stopRequested = true;
		this.abandoned = true;
		interrupt();
	}

}
