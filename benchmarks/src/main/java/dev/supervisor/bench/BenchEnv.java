package dev.supervisor.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;

import dev.supervisor.Threads;
import dev.supervisor.TreeOptions;

import org.jspecify.annotations.Nullable;

/**
 * What one benchmark run executes on: the JDK, the kind of threads the tree (and the driver) use,
 * and the anchors' helpers for the driver thread and for heap measurement.
 *
 * @param threads the kind of threads the tree and the driver use
 * @param jdk the running JDK's {@code java.version}
 */
record BenchEnv(ThreadKind threads, String jdk) {

	/** The kind of threads. */
	enum ThreadKind {

		PLATFORM, VIRTUAL;

		String label() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

		static ThreadKind parse(String text) {
			return switch (text) {
				case "platform" -> PLATFORM;
				case "virtual" -> VIRTUAL;
				default -> throw new IllegalArgumentException("'threads' must be platform or virtual (was '" + text + "')");
			};
		}

	}

	/** Virtual threads on Java 21+, platform threads before. */
	static BenchEnv defaults() {
		return of(Threads.virtualAvailable() ? ThreadKind.VIRTUAL : ThreadKind.PLATFORM);
	}

	static BenchEnv of(ThreadKind threads) {
		if (threads == ThreadKind.VIRTUAL && !Threads.virtualAvailable()) {
			throw new IllegalStateException("threads=virtual needs Java 21 or later (running "
					+ System.getProperty("java.version") + ")");
		}
		return new BenchEnv(threads, System.getProperty("java.version"));
	}

	ThreadFactory threadFactory() {
		return (this.threads == ThreadKind.VIRTUAL) ? Threads.virtual() : Threads.platform();
	}

	/**
	 * The tree's options: our thread kind, the system clock, no listener.
	 * @param reports whether supervisor reports are written (the {@code log=file} variant)
	 */
	TreeOptions treeOptions(boolean reports) {
		return TreeOptions.defaults().withThreadFactory(threadFactory()).withReports(reports);
	}

	/**
	 * Runs the driver of a scenario on a thread of our kind and waits for it: with virtual threads
	 * the driver is virtual too, since waking a platform caller costs a carrier wake-up (~40 µs on
	 * the anchors' box) on every synchronous call.
	 */
	void drive(Body body) throws Exception {
		if (this.threads == ThreadKind.PLATFORM) {
			body.run();
			return;
		}
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		Thread driver = threadFactory().newThread(() -> {
			try {
				body.run();
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		});
		driver.setName("bench-driver");
		driver.start();
		driver.join();
		Throwable ex = failure.get();
		if (ex instanceof Exception checked) {
			throw checked;
		}
		if (ex instanceof Error error) {
			throw error;
		}
	}

	/**
	 * Used heap after three explicit full collections (G1: {@code System.gc()} is a full,
	 * stop-the-world collection), the Pekko anchor's method.
	 */
	static long usedHeapAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/**
	 * Bytes allocated on the heap by all threads of this JVM so far, ended ones included
	 * ({@code com.sun.management.ThreadMXBean}): the allocation of a stretch of work, which does not
	 * depend on the machine's load.
	 * @throws IllegalStateException if the JVM does not measure it
	 */
	static long allocatedBytes() {
		if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
				&& threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
			return threads.getTotalThreadAllocatedBytes();
		}
		throw new IllegalStateException("this JVM does not measure allocated bytes (com.sun.management.ThreadMXBean)");
	}

	/**
	 * Voluntary context switches of every live thread of this JVM so far (Linux
	 * {@code /proc/self/task/*}{@code /status}): each is a thread that blocked and was woken by the
	 * OS, the hand-off cost that spinning and virtual threads avoid. Counts of threads that ended
	 * are lost, so a stretch of work is measured with its threads alive. Does not depend on load.
	 * @return the count, or -1 where the JVM cannot read it
	 */
	static long voluntarySwitches() {
		java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
		if (tasks == null) {
			return -1;
		}
		long total = 0;
		for (java.io.File task : tasks) {
			try {
				for (String line : java.nio.file.Files.readAllLines(new java.io.File(task, "status").toPath())) {
					if (line.startsWith("voluntary_ctxt_switches:")) {
						total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
					}
				}
			}
			catch (java.io.IOException | RuntimeException ex) {
				// The thread ended meanwhile.
			}
		}
		return total;
	}

	/** The body of a driver. */
	@FunctionalInterface
	interface Body {

		void run() throws Exception;

	}

}
