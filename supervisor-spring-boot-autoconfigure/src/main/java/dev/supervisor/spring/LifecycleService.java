package dev.supervisor.spring;

import java.util.concurrent.CountDownLatch;

import dev.supervisor.Service;
import dev.supervisor.ServiceContext;

import org.springframework.context.Lifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * A Spring {@link Lifecycle} as a service: the supervisor calls its {@code start()} and
 * {@code stop()} instead of Spring. A {@link SmartLifecycle} is stopped through
 * {@link SmartLifecycle#stop(Runnable)} and awaited within the child's shutdown.
 */
final class LifecycleService implements Service, AdaptedChild {

	private final Lifecycle lifecycle;

	LifecycleService(Lifecycle lifecycle) {
		this.lifecycle = lifecycle;
	}

	@Override
	public void start(ServiceContext context) {
		this.lifecycle.start();
	}

	@Override
	public void stop(ServiceContext context) throws InterruptedException {
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
