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

	private @Nullable Thread stopper;

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
		if (this.stopRequested) {
			return;
		}
		this.stopRequested = true;
		if (hasExited()) {
			return;
		}
		Thread thread = this.runtime.newThread(path() + "#" + this.number + "/stop", this::stopNow);
		this.stopper = thread;
		thread.start();
	}

	private void stopNow() {
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
		finish(reason);
	}

	@Override
	void kill() {
		requestStop();
		this.abandoned = true;
		Thread thread = this.stopper;
		if (thread != null) {
			thread.interrupt();
		}
	}

}
