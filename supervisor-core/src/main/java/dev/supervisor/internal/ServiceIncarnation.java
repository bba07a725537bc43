package dev.supervisor.internal;

import dev.supervisor.ChildKind;
import dev.supervisor.ExitReason;
import dev.supervisor.Service;

import org.jspecify.annotations.Nullable;

/**
 * An incarnation of a service: started on its supervisor's thread, stopped on a thread of its own
 * so its supervisor can stop waiting when its shutdown runs out.
 */
final class ServiceIncarnation extends Incarnation {

	private final TreeRuntime runtime;

	@Nullable Service service;

	ServiceIncarnation(ExitSink sink, ChildRecord record, long number, TreeRuntime runtime) {
		super(sink, record, number);
		this.runtime = runtime;
	}

	@Override
	ChildKind kind() {
		return ChildKind.SERVICE;
	}

	@Override
	@Nullable Object instance() {
		return this.service;
	}

	@Override
	void requestStop() {
		if (markStopRequested()) {
			stopOnItsOwnThread();
		}
		// Otherwise asked before, or the service reported its own end first: stop() is not called
		// (Service#stop's contract), and that report is the exit.
	}

	private void stopOnItsOwnThread() {
		try {
			this.runtime.execute(path() + "#" + this.number + "/stop", this::stopNow);
		}
		catch (Throwable ex) {
			// No thread to run stop() on: a stop failure (OTP shutdown_error), so the supervisor
			// neither waits for a stop that never runs nor keeps the child stopping for good.
			finish(new ExitReason(ExitReason.Kind.SHUTDOWN, "failed while stopping", ex));
		}
	}

	private void stopNow() {
		bind();
		ExitReason reason;
		try {
			this.service.stop(this);
			reason = ExitReason.shutdown();
		}
		catch (InterruptedException ex) {
			reason = ExitReason.shutdown();
		}
		catch (Throwable ex) {
			reason = new ExitReason(ExitReason.Kind.SHUTDOWN, "failed while stopping", ex);
		}
		finally {
			unbind();
		}
		finish(reason);
	}

	@Override
	void killed(boolean firstStopRequest) {
		if (firstStopRequest) {
			stopOnItsOwnThread();
		}
		interrupt();
	}

}
