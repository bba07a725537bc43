package dev.supervisor.spring.autoconfigure;

import java.util.concurrent.CountDownLatch;

import org.springframework.context.Lifecycle;

/** Children that do nothing until they are stopped, for tests about wiring rather than behavior. */
final class Idle {

	private Idle() {
	}

	/** A worker that blocks until it is interrupted (asked to stop). */
	static Runnable untilInterrupted() {
		return () -> {
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				// Stopped.
			}
		};
	}

	/** A lifecycle that only remembers whether it runs. */
	static class Flag implements Lifecycle {

		private volatile boolean running;

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

}
