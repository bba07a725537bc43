package dev.supervisor.internal;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import dev.supervisor.SupervisionClock;
import dev.supervisor.Threads;
import dev.supervisor.TreeOptions;

import org.jspecify.annotations.Nullable;

/**
 * What every supervisor of one tree shares: the clock, the threads, jitter and the reporter.
 * <p>
 * Threads: with virtual threads every task gets a new one (about a microsecond). With platform
 * threads (about 170 µs to start one) the tree keeps the threads it made and hands them the
 * next task (a wake-up, about 40 µs): a cached pool owned by the root, shut down when the tree
 * stops. Either way a thread carries the name of the node it works for.
 */
final class TreeRuntime {

	private static final long IDLE_SECONDS = 30;

	final SupervisionClock clock;

	final DoubleSupplier random;

	final Reporter reporter;

	/** The abandoned incarnations of the tree that still run, across its runs. */
	final AbandonedIncarnations abandoned = new AbandonedIncarnations();

	private final ThreadFactory threads;

	private final String treeName;

	private final boolean virtual;

	private @Nullable ThreadPoolExecutor pool;

	TreeRuntime(String treeName, TreeOptions options) {
		this.treeName = treeName;
		this.clock = options.clock();
		this.random = options.random();
		this.threads = options.threadFactory();
		this.reporter = new Reporter(options.clock(), options.listeners(), options.reports(), options.logger());
		// Made to learn the factory's kind, never started.
		Thread probe = this.threads.newThread(() -> {
		});
		if (probe != null) {
			probe.setName(treeName + "#probe");
		}
		this.virtual = probe != null && Threads.isVirtual(probe);
	}

	/** Prepares a run of the tree (called before its root starts). */
	synchronized void open() {
		if (!this.virtual && (this.pool == null || this.pool.isShutdown())) {
			ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS,
					new SynchronousQueue<>(), this::newPooledThread);
			this.pool = pool;
		}
	}

	/** Ends a run: idle threads exit now, busy ones (abandoned incarnations) when their task ends. */
	synchronized void close() {
		if (this.pool != null) {
			this.pool.shutdown();
		}
	}

	/**
	 * Runs a task on a thread of the tree named after the node it works for.
	 * @param name the node's path, with the incarnation for children
	 * @param task what to run; it learns its thread from {@link Thread#currentThread()}
	 */
	void execute(String name, Runnable task) {
		ThreadPoolExecutor pool = this.pool;
		if (pool == null || this.virtual) {
			newThread(name, task).start();
			return;
		}
		pool.execute(() -> {
			Thread thread = Thread.currentThread();
			thread.setName(name);
			try {
				task.run();
			}
			finally {
				thread.setName(this.treeName + "#idle");
				// An interrupt meant for the task that just ended must not reach the next one.
				Thread.interrupted();
			}
		});
	}

	private Thread newPooledThread(Runnable runner) {
		return newThread(this.treeName + "#idle", runner);
	}

	private Thread newThread(String name, Runnable task) {
		Thread thread = this.threads.newThread(task);
		if (thread == null) {
			throw new IllegalStateException("The tree's thread factory refused to create thread '" + name + "'");
		}
		thread.setName(name);
		return thread;
	}

}
