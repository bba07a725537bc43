package dev.supervisor.spring.child;

import dev.supervisor.ChildContext;
import dev.supervisor.Worker;

/**
 * A plain {@link Runnable} as a worker: returning is a normal exit, throwing a crash, and
 * a stop request interrupts it.
 */
final class RunnableWorker implements Worker, AdaptedChild {

	private final Runnable runnable;

	RunnableWorker(Runnable runnable) {
		this.runnable = runnable;
	}

	@Override
	public void run(ChildContext context) {
		this.runnable.run();
	}

	@Override
	public Object target() {
		return this.runnable;
	}

}
