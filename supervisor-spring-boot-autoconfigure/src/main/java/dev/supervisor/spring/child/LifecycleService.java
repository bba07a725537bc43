package dev.supervisor.spring.child;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.supervisor.Service;
import dev.supervisor.ServiceContext;

import org.jspecify.annotations.Nullable;

import org.springframework.context.Lifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * A Spring {@link Lifecycle} as a service: the supervisor calls its {@code start()} and
 * {@code stop()} instead of Spring. A {@link SmartLifecycle} is stopped through
 * {@link SmartLifecycle#stop(Runnable)} and awaited within the child's shutdown. A lifecycle
 * cannot report a failure; with a liveness interval, a thread of the incarnation checks
 * {@code isRunning()} and reports a crash when it turns false without a stop request.
 */
final class LifecycleService implements Service, AdaptedChild {

	private final Lifecycle lifecycle;

	private final @Nullable Duration livenessInterval;

	private final CountDownLatch stopping = new CountDownLatch(1);

	LifecycleService(Lifecycle lifecycle, @Nullable Duration livenessInterval) {
		this.lifecycle = lifecycle;
		this.livenessInterval = livenessInterval;
	}

	@Override
	public void start(ServiceContext context) {
		this.lifecycle.start();
		if (this.livenessInterval != null) {
			Thread watcher = new Thread(() -> watch(context, this.livenessInterval),
					context.path() + "#" + context.incarnation() + "/liveness");
			watcher.setDaemon(true);
			watcher.start();
		}
	}

	private void watch(ServiceContext context, Duration interval) {
		try {
			// Ends as soon as the incarnation is asked to stop.
			while (!this.stopping.await(interval.toNanos(), TimeUnit.NANOSECONDS)) {
				if (!this.lifecycle.isRunning() && !context.stopRequested()) {
					context.fail(new IllegalStateException("Lifecycle bean " + this.lifecycle.getClass().getName()
							+ " of '" + context.path() + "' is no longer running (isRunning() turned false "
							+ "without a stop request)"));
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop(ServiceContext context) throws InterruptedException {
		this.stopping.countDown();
		if (this.lifecycle instanceof SmartLifecycle smartLifecycle) {
			CountDownLatch stopped = new CountDownLatch(1);
			smartLifecycle.stop(stopped::countDown);
			// The supervisor bounds this wait with the child's shutdown, then interrupts
			// it.
			stopped.await();
		}
		else {
			this.lifecycle.stop();
		}
	}

	@Override
	public Object target() {
		return this.lifecycle;
	}

}
