package dev.supervisor.spring;

import org.springframework.context.SmartLifecycle;

/**
 * The {@link SmartLifecycle} of one root tree. Its phase is below the web server's, so
 * the tree starts before the server takes traffic and stops only after the server has
 * drained and stopped. The ordered, per-child shutdown runs inside
 * {@link #stop(Runnable)}.
 */
final class SupervisionTreeLifecycle implements SmartLifecycle {

	private final ManagedTree tree;

	SupervisionTreeLifecycle(ManagedTree tree) {
		this.tree = tree;
	}

	@Override
	public void start() {
		this.tree.start();
	}

	@Override
	public void stop() {
		this.tree.stop().join();
	}

	@Override
	public void stop(Runnable callback) {
		this.tree.stop().whenComplete((reason, ex) -> callback.run());
	}

	@Override
	public boolean isRunning() {
		return this.tree.isRunning();
	}

	@Override
	public int getPhase() {
		return this.tree.phase;
	}

	@Override
	public String toString() {
		return "SupervisionTreeLifecycle[" + this.tree.name() + ", phase " + this.tree.phase + "]";
	}

}
