package dev.supervisor.spring.listener;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.spring.child.AdaptedChild;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One incarnation of a listener container child, as a service: {@link #start} starts the
 * container afresh, {@link #stop} stops it and waits until its consumers are done (bounded by
 * the child's shutdown), and the container's own events, mapped by a subclass, end the
 * incarnation: a failure signal is a crash, reported once the container has stopped; a stop
 * nobody asked for, without a failure, is a normal exit.
 * <p>Events of a container whose child is being stopped by its supervisor are not signals:
 * that stop is a {@code shutdown}. An incarnation receives events only while it is the
 * current one ({@link ContainerSignals}), and only once its {@code start} has returned for
 * the "container stopped" signals, so the late events of an earlier run never end it.
 */
public abstract class ContainerIncarnation implements Service, AdaptedChild {

	private static final Log logger = LogFactory.getLog(ContainerIncarnation.class);

	/** How long a container whose start failed half-way may take to stop again. */
	private static final long STOP_AFTER_FAILED_START_SECONDS = 10;

	private final ContainerSignals signals;

	private final String description;

	private volatile @Nullable ServiceContext context;

	private volatile @Nullable Thread startingThread;

	private volatile boolean started;

	/** Whether the crash waits for the stop this incarnation asked the container for. */
	private volatile boolean awaitingStop;

	private final AtomicReference<@Nullable ListenerContainerFailedException> failure = new AtomicReference<>();

	private final AtomicBoolean ended = new AtomicBoolean();

	/**
	 * @param signals the container's publisher, which routes its events here
	 * @param description what the container is, e.g. {@code Kafka listener container
	 * 'payments'}
	 */
	protected ContainerIncarnation(ContainerSignals signals, String description) {
		this.signals = signals;
		this.description = description;
	}

	@Override
	public final void start(ServiceContext context) throws Exception {
		this.context = context;
		this.signals.attach(this);
		this.startingThread = Thread.currentThread();
		try {
			startContainer();
		}
		catch (Exception | Error ex) {
			this.ended.set(true);
			this.signals.detach(this);
			stopAfterFailedStart();
			throw ex;
		}
		finally {
			this.startingThread = null;
		}
		this.started = true;
		if (this.failure.get() != null) {
			// Signalled while the container was starting: settled now that start() is done.
			settle();
		}
	}

	/**
	 * Stops the container and returns once its consumers are done. When the child's shutdown runs
	 * out, the supervisor reports the incarnation {@code killed} and interrupts this wait; it goes
	 * on all the same (the interrupt status is kept), because the container is the instance the
	 * next incarnation starts again: until the old consumers have left it, the supervisor holds
	 * the next start back (it waits for this abandoned stop), so no message is ever in the
	 * listener twice and no consumer of an earlier run is left polling.
	 * @param context the incarnation's context
	 */
	@Override
	public final void stop(ServiceContext context) {
		CountDownLatch stopped = new CountDownLatch(1);
		boolean interrupted = false;
		try {
			stopContainer(stopped::countDown);
			while (true) {
				try {
					stopped.await();
					break;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		finally {
			this.ended.set(true);
			this.signals.detach(this);
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void stopAfterFailedStart() throws InterruptedException {
		if (!isContainerRunning()) {
			return;
		}
		CountDownLatch stopped = new CountDownLatch(1);
		stopContainer(stopped::countDown);
		if (!stopped.await(STOP_AFTER_FAILED_START_SECONDS, TimeUnit.SECONDS)) {
			logger.warn(this.description + " of '" + path() + "' did not stop within "
					+ STOP_AFTER_FAILED_START_SECONDS + "s after its start failed");
		}
	}

	/**
	 * An event the container published, while this incarnation is the current one.
	 * @param event the event
	 */
	final void deliver(Object event) {
		ServiceContext context = this.context;
		if (this.ended.get() || context == null || context.stopRequested()) {
			return;
		}
		onEvent(event);
	}

	/**
	 * Maps an event of the container to {@link #failed}, {@link #containerStopped}, or
	 * nothing. Called on the thread that published it, often a consumer thread: must be quick
	 * and must not wait for the container.
	 * @param event the event
	 */
	protected abstract void onEvent(Object event);

	/**
	 * Starts the container.
	 * @throws Exception if it cannot start
	 */
	protected abstract void startContainer() throws Exception;

	/**
	 * Asks the container to stop without waiting.
	 * @param callback run once its consumers are done
	 */
	protected abstract void stopContainer(Runnable callback);

	/**
	 * Return whether the container is running.
	 * @return whether the container is running
	 */
	protected abstract boolean isContainerRunning();

	/**
	 * Return whether the container, no longer running, has no consumer at work any more; by
	 * default as soon as it is not running.
	 * @return whether every consumer is done
	 */
	protected boolean isContainerQuiet() {
		return !isContainerRunning();
	}

	/**
	 * Records a failure signal of the container: the first one is the reason of the crash.
	 * The crash is reported once the container has stopped: at once if it is stopped and
	 * quiet, after a stop this incarnation asks for if it still runs, or when the subclass
	 * sees it stop ({@link #containerStopped}).
	 * @param reason the reason the library gave, e.g. {@code NO_OFFSET}
	 * @param detail what the reason means
	 * @param cause the library's exception, if any
	 */
	protected final void failed(String reason, String detail, @Nullable Throwable cause) {
		ListenerContainerFailedException crash = new ListenerContainerFailedException(this.description, reason, detail,
				cause);
		if (!this.failure.compareAndSet(null, crash)) {
			return;
		}
		logger.warn(this.description + " of supervised child '" + path() + "' signalled " + reason + " (" + detail
				+ "): a crash of the child, reported once the container has stopped");
		if (Thread.currentThread() == this.startingThread) {
			return;
		}
		settle();
	}

	private void settle() {
		if (isContainerRunning()) {
			this.awaitingStop = true;
			stopContainer(this::crash);
		}
		else if (isContainerQuiet()) {
			crash();
		}
		// Otherwise its last consumer is still on its way out: containerStopped() follows.
	}

	/**
	 * The container has stopped by itself, and its last consumer is done.
	 * @param reason the reason of an abnormal stop, or {@code null} for a normal one
	 * @param detail what the reason means
	 */
	protected final void containerStopped(@Nullable String reason, String detail) {
		if (this.awaitingStop || !this.started) {
			// Reported by the stop this incarnation asked for; or a late event of an earlier run.
			return;
		}
		if (this.failure.get() != null) {
			crash();
		}
		else if (reason != null) {
			failed(reason, detail, null);
		}
		else {
			exitNormally();
		}
	}

	/**
	 * Return whether the incarnation's start has returned: "container stopped" signals
	 * before that belong to an earlier run.
	 * @return whether the container was started by this incarnation
	 */
	protected final boolean isStarted() {
		return this.started;
	}

	private void crash() {
		ListenerContainerFailedException crash = this.failure.get();
		ServiceContext context = this.context;
		if (crash == null || context == null || !this.ended.compareAndSet(false, true)) {
			return;
		}
		this.signals.detach(this);
		context.fail(crash);
	}

	private void exitNormally() {
		ServiceContext context = this.context;
		if (context == null || !this.ended.compareAndSet(false, true)) {
			return;
		}
		logger.info(this.description + " of supervised child '" + path()
				+ "' stopped without a stop request from its supervisor and without a failure: a normal exit");
		this.signals.detach(this);
		context.exit();
	}

	private String path() {
		ServiceContext context = this.context;
		return (context != null) ? context.path() + "#" + context.incarnation() : "(not started)";
	}

	@Override
	public String toString() {
		return this.description + " of " + path();
	}

}
