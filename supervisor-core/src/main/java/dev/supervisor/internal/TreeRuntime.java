package dev.supervisor.internal;

import java.util.concurrent.ThreadFactory;
import java.util.function.DoubleSupplier;

import dev.supervisor.SupervisionClock;
import dev.supervisor.TreeOptions;

/** What every supervisor of one tree shares: the clock, the threads, jitter and the reporter. */
final class TreeRuntime {

	final SupervisionClock clock;

	final DoubleSupplier random;

	final Reporter reporter;

	private final ThreadFactory threads;

	TreeRuntime(TreeOptions options) {
		this.clock = options.clock();
		this.random = options.random();
		this.threads = options.threadFactory();
		this.reporter = new Reporter(options.clock(), options.listeners(), options.reports());
	}

	/**
	 * A new, unstarted thread of the tree, named after the node it belongs to.
	 * @param name the thread's name: the node's path, with the incarnation for children
	 * @param task what it runs
	 * @return the thread
	 */
	Thread newThread(String name, Runnable task) {
		Thread thread = this.threads.newThread(task);
		if (thread == null) {
			throw new IllegalStateException("The tree's thread factory refused to create thread '" + name + "'");
		}
		thread.setName(name);
		return thread;
	}

}
