package dev.supervisor.internal;

import dev.supervisor.ChildKind;

import org.jspecify.annotations.Nullable;

/** An incarnation of a nested supervisor: an actor with its own thread and children. */
final class SupervisorIncarnation extends Incarnation {

	@Nullable SupervisorActor actor;

	SupervisorIncarnation(ExitSink sink, ChildRecord record, long number) {
		super(sink, record, number);
	}

	@Override
	ChildKind kind() {
		return this.record.spec.kind();
	}

	@Override
	@Nullable Object instance() {
		return null;
	}

	@Override
	void requestStop() {
		markStopRequested();
		this.actor.requestStop();
	}

	@Override
	void killed(boolean firstStopRequest) {
		this.actor.kill();
	}

}
