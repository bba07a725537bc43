package dev.supervisor.bench;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

import dev.supervisor.ChildContext;
import dev.supervisor.ChildSpec;
import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.StaticSupervisorSpec;
import dev.supervisor.SupervisionTree;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.Worker;

import org.jspecify.annotations.Nullable;

/**
 * One-for-all restart of N children, the middle one crashed (OTP {@code group_restart one_for_all},
 * Pekko {@code classic_group_restart}).
 *
 * <p>T0 as in {@link RestartLatency}. {@code crash_to_first_restarted} ends at the first statement
 * of the first new incarnation's {@code start}/{@code run}, {@code crash_to_all_restarted} at the
 * latest one, {@code crash_to_driver_sees_all} when the driver heard that all are back. Every
 * cycle also checks our semantics: the others are stopped one by one in reverse start order, all
 * of them before the first new incarnation is created, and the new incarnations are created in
 * start order; {@code order_violations} counts cycles that broke any of it (a run with violations
 * fails after printing its figures).
 */
final class OneForAllRestart {

	private OneForAllRestart() {
	}

	static void run(BenchEnv env, Report report, int n, ChildType type, int cycles, int warmup) throws Exception {
		Probe probe = new Probe(n);
		ChildSpec[] children = new ChildSpec[n];
		for (int i = 0; i < n; i++) {
			int index = i;
			children[i] = switch (type) {
				case SERVICE -> ChildSpec.service("c" + i, (ctx) -> {
					probe.created(index);
					return new GroupService(probe, index);
				});
				case WORKER -> ChildSpec.worker("c" + i, (ctx) -> {
					probe.created(index);
					return new GroupWorker(probe, index);
				});
			};
		}
		StaticSupervisorSpec spec = SupervisorSpec.oneForAll(children)
			.withIntensity(100_000_000, Duration.ofSeconds(1));
		SupervisionTree tree = SupervisionTree.create("group", spec, env.treeOptions(false));
		long[] all = new long[cycles];
		long[] first = new long[cycles];
		long[] seen = new long[cycles];
		int[] violations = new int[1];
		long[] switches = new long[1];
		env.drive(() -> {
			probe.reset();
			tree.start();
			try {
				probe.awaitCycle();
				violations[0] += cycles(probe, type, warmup, null, null, null);
				switches[0] = BenchEnv.voluntarySwitches();
				violations[0] += cycles(probe, type, cycles, all, first, seen);
				switches[0] = (switches[0] < 0) ? -1 : BenchEnv.voluntarySwitches() - switches[0];
			}
			finally {
				tree.stop();
			}
		});
		String variant = "restarted=" + n + ";kill=child_" + (n / 2) + ";kind=" + type.label() + ";mode="
				+ type.crashMode + ";log=off";
		report.latency("one_for_all_restart", n, variant, "crash_to_all_restarted", all);
		report.latency("one_for_all_restart", n, variant, "crash_to_first_restarted", first);
		report.latency("one_for_all_restart", n, variant, "crash_to_driver_sees_all", seen);
		report.result("one_for_all_restart", n, variant, "order_violations", violations[0], "cycles");
		if (switches[0] >= 0) {
			report.result("one_for_all_restart", n, variant, "os_waits_per_cycle", (double) switches[0] / cycles, "count");
		}
		if (violations[0] > 0) {
			throw new IllegalStateException(violations[0] + " group restarts broke the one_for_all order");
		}
	}

	/** @return the number of cycles whose order was wrong */
	private static int cycles(Probe probe, ChildType type, int count, long @Nullable [] all,
			long @Nullable [] first, long @Nullable [] seen)
			throws InterruptedException {
		int violations = 0;
		int target = probe.n / 2;
		for (int c = 0; c < count; c++) {
			probe.reset();
			long t0;
			if (type == ChildType.SERVICE) {
				ServiceContext context = (ServiceContext) probe.contexts.get(target);
				t0 = System.nanoTime();
				context.fail(new IllegalStateException("bench crash"));
			}
			else {
				probe.crash.add(Probe.CRASH);
				t0 = 0;
			}
			long[] times = probe.awaitCycle();
			long t2 = System.nanoTime();
			if (type == ChildType.WORKER) {
				t0 = probe.crashAt;
			}
			if (!probe.orderedCycle()) {
				violations++;
			}
			if (all != null && first != null && seen != null) {
				first[c] = times[0] - t0;
				all[c] = times[1] - t0;
				seen[c] = t2 - t0;
			}
		}
		return violations;
	}

	/** What the driver and the children share; reset by the driver between cycles, while all is quiet. */
	static final class Probe {

		static final Object CRASH = "crash";

		final int n;

		final AtomicReferenceArray<ChildContext> contexts;

		final BlockingQueue<Object> crash = new LinkedBlockingQueue<>();

		final BlockingQueue<long[]> done = new LinkedBlockingQueue<>();

		volatile long crashAt;

		private final AtomicInteger started = new AtomicInteger();

		private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);

		private final AtomicLong lastStart = new AtomicLong(Long.MIN_VALUE);

		/** Creation order and stop order of this cycle; written on the supervisor's thread. */
		private final int[] createdOrder;

		private final int[] stoppedOrder;

		private final AtomicInteger createdCount = new AtomicInteger();

		private final AtomicInteger stoppedCount = new AtomicInteger();

		/** How many siblings had been stopped when the first new incarnation was created. */
		private volatile int stoppedAtFirstCreation;

		Probe(int n) {
			this.n = n;
			this.contexts = new AtomicReferenceArray<>(n);
			this.createdOrder = new int[n];
			this.stoppedOrder = new int[n];
		}

		void reset() {
			this.started.set(0);
			this.firstStart.set(Long.MAX_VALUE);
			this.lastStart.set(Long.MIN_VALUE);
			this.createdCount.set(0);
			this.stoppedCount.set(0);
			this.stoppedAtFirstCreation = -1;
		}

		/** A factory call: the supervisor creates the next incarnation. */
		void created(int index) {
			int position = this.createdCount.getAndIncrement();
			if (position == 0) {
				this.stoppedAtFirstCreation = this.stoppedCount.get();
			}
			if (position < this.n) {
				this.createdOrder[position] = index;
			}
		}

		/** First statement of a new incarnation's start or run. */
		void started(int index, long at, ChildContext context) {
			this.contexts.set(index, context);
			this.firstStart.accumulateAndGet(at, Math::min);
			this.lastStart.accumulateAndGet(at, Math::max);
			if (this.started.incrementAndGet() == this.n) {
				this.done.add(new long[] { this.firstStart.get(), this.lastStart.get() });
			}
		}

		/** A child was stopped by its supervisor (not the crashed one). */
		void stopped(int index) {
			int position = this.stoppedCount.getAndIncrement();
			if (position < this.n) {
				this.stoppedOrder[position] = index;
			}
		}

		/** Waits for the whole group, untimed as in {@link RestartLatency.Probe#next()}. */
		long[] awaitCycle() throws InterruptedException {
			return this.done.take();
		}

		/**
		 * Whether this cycle stopped the N - 1 others in reverse start order, all before the first
		 * creation, and created all N in start order.
		 */
		boolean orderedCycle() {
			int crashed = this.n / 2;
			if (this.stoppedCount.get() != this.n - 1 || this.createdCount.get() != this.n
					|| this.stoppedAtFirstCreation != this.n - 1) {
				return false;
			}
			int expected = this.n - 1;
			for (int i = 0; i < this.n - 1; i++, expected--) {
				if (expected == crashed) {
					expected--;
				}
				if (this.stoppedOrder[i] != expected) {
					return false;
				}
			}
			for (int i = 0; i < this.n; i++) {
				if (this.createdOrder[i] != i) {
					return false;
				}
			}
			return true;
		}

	}

	/** A group member service; the driver crashes the middle one through its context. */
	static final class GroupService implements Service {

		private final Probe probe;

		private final int index;

		GroupService(Probe probe, int index) {
			this.probe = probe;
			this.index = index;
		}

		@Override
		public void start(ServiceContext context) {
			this.probe.started(this.index, System.nanoTime(), context);
		}

		@Override
		public void stop(ServiceContext context) {
			this.probe.stopped(this.index);
		}

	}

	/** A group member worker: parks until stopped; the middle one throws when told. */
	static final class GroupWorker implements Worker {

		private final Probe probe;

		private final int index;

		GroupWorker(Probe probe, int index) {
			this.probe = probe;
			this.index = index;
		}

		@Override
		public void run(ChildContext context) throws InterruptedException {
			this.probe.started(this.index, System.nanoTime(), context);
			boolean crashing = this.index == this.probe.n / 2;
			try {
				if (crashing) {
					this.probe.crash.take();
					this.probe.crashAt = System.nanoTime();
					throw new IllegalStateException("bench crash");
				}
				while (!context.stopRequested()) {
					LockSupport.park(this);
				}
			}
			finally {
				if (context.stopRequested()) {
					this.probe.stopped(this.index);
				}
			}
		}

	}

}
