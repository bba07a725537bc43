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
		this.stopRequested = true;
		this.actor.requestStop();
	}

	@Override
	void kill() {
		this.stopRequested = true;
		this.abandoned = true;
		this.actor.kill();
	}

}
