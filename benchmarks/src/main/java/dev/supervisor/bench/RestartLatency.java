package dev.supervisor.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

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
 * One-for-one restart latency (OTP {@code restart}, Pekko {@code classic_restart}).
 *
 * <p>A {@code one_for_one} supervisor (intensity 10^8 in 1 s) holds the target, first in start
 * order, and {@code siblings} idle children of the same kind. T0 is taken right before the crash:
 * for a service by the driver right before it calls {@code ctx.fail(e)} (as OTP's driver before
 * {@code exit(Pid, kill)}), for a worker by the worker itself right before it throws (OTP
 * {@code crash}, Pekko). T1 is the first statement of the new incarnation's {@code start} /
 * {@code run} ({@code crash_to_new_init}); T2 is when the driver has received the new
 * incarnation's message ({@code crash_to_driver_sees_alive}). The tree is recreated every
 * {@code batch} restarts, outside the timed region, as the OTP anchor does. Warm-up iterations
 * are discarded.
 */
final class RestartLatency {

	private static final Object CRASH = "crash";

	private RestartLatency() {
	}

	static void run(BenchEnv env, Report report, int siblings, ChildType type, int iterations, int batch,
			boolean log, int warmup) throws Exception {
		Probe probe = new Probe();
		IdleChildren idle = new IdleChildren();
		List<ChildSpec> children = new ArrayList<>();
		children.add(switch (type) {
			case SERVICE -> ChildSpec.service("target", (ctx) -> new TargetService(probe));
			case WORKER -> ChildSpec.worker("target", (ctx) -> new TargetWorker(probe));
		});
		for (int i = 0; i < siblings; i++) {
			children.add(idle.spec("sibling-" + i, type));
		}
		StaticSupervisorSpec spec = SupervisorSpec.oneForOne(children.toArray(new ChildSpec[0]))
			.withIntensity(100_000_000, Duration.ofSeconds(1));
		long[] init = new long[iterations];
		long[] seen = new long[iterations];
		long[] allocated = new long[2];
		env.drive(() -> {
			batches(env, spec, probe, idle, siblings, type, warmup, batch, log, null, null, allocated);
			allocated[0] = 0;
			allocated[1] = 0;
			batches(env, spec, probe, idle, siblings, type, iterations, batch, log, init, seen, allocated);
		});
		String variant = "siblings=" + siblings + ";kind=" + type.label() + ";mode=" + type.crashMode + ";batch=" + batch
				+ ";log=" + (log ? "file" : "off");
		report.latency("restart", iterations, variant, "crash_to_new_init", init);
		report.latency("restart", iterations, variant, "crash_to_driver_sees_alive", seen);
		report.result("restart", iterations, variant, "alloc_per_restart", (double) allocated[0] / iterations, "bytes");
		if (allocated[1] >= 0) {
			report.result("restart", iterations, variant, "os_waits_per_restart", (double) allocated[1] / iterations,
					"count");
		}
	}

	private static void batches(BenchEnv env, StaticSupervisorSpec spec, Probe probe, IdleChildren idle, int siblings,
			ChildType type, int iterations,
			int batch, boolean log, long @Nullable [] init, long @Nullable [] seen, long[] allocated)
			throws InterruptedException {
		int done = 0;
		while (done < iterations) {
			int count = Math.min(batch, iterations - done);
			probe.alive.clear();
			probe.crash.clear();
			SupervisionTree tree = SupervisionTree.create("bench", spec, env.treeOptions(log));
			idle.expect(siblings);
			tree.start();
			try {
				Alive alive = probe.next();
				// The siblings start after the target: the first restart would wait for them.
				idle.awaitReady();
				// Every thread's allocation while the batch restarts (the tree's creation excluded).
				// Reading /proc allocates: outside the allocation window.
				long switchesBefore = BenchEnv.voluntarySwitches();
				long allocatedBefore = BenchEnv.allocatedBytes();
				for (int i = 0; i < count; i++) {
					long t0;
					if (type == ChildType.SERVICE) {
						ServiceContext context = (ServiceContext) alive.context;
						t0 = System.nanoTime();
						context.fail(new IllegalStateException("bench crash"));
						alive = probe.next();
					}
					else {
						probe.crash.add(CRASH);
						alive = probe.next();
						t0 = probe.crashAt;
					}
					long t2 = System.nanoTime();
					if (init != null && seen != null) {
						init[done + i] = alive.startedAt - t0;
						seen[done + i] = t2 - t0;
					}
				}
				allocated[0] += BenchEnv.allocatedBytes() - allocatedBefore;
				long switchesAfter = BenchEnv.voluntarySwitches();
				allocated[1] = (switchesBefore < 0 || allocated[1] < 0) ? -1
						: allocated[1] + switchesAfter - switchesBefore;
			}
			finally {
				tree.stop();
			}
			done += count;
		}
	}

	/** What the driver and the target share. */
	static final class Probe {

		final BlockingQueue<Alive> alive = new LinkedBlockingQueue<>();

		final BlockingQueue<Object> crash = new LinkedBlockingQueue<>();

		/** T0 of a worker's crash, written by the worker right before it throws. */
		volatile long crashAt;

		/**
		 * Waits for the next incarnation. Untimed, as the anchors' drivers wait: a timed wait
		 * costs the driver a timer on every restart, inside the timed window when the supervisor
		 * runs on the driver's carrier. A hang ends at the runner's watchdog instead.
		 */
		Alive next() throws InterruptedException {
			return this.alive.take();
		}

	}

	/** A new incarnation's first statement ran at {@code startedAt}. */
	record Alive(long startedAt, ChildContext context) {
	}

	/** The target service: announces itself first thing in {@code start}. */
	static final class TargetService implements Service {

		private final Probe probe;

		TargetService(Probe probe) {
			this.probe = probe;
		}

		@Override
		public void start(ServiceContext context) {
			long startedAt = System.nanoTime();
			this.probe.alive.add(new Alive(startedAt, context));
		}

		@Override
		public void stop(ServiceContext context) {
		}

	}

	/** The target worker: announces itself first thing in {@code run}, then throws when told. */
	static final class TargetWorker implements Worker {

		private final Probe probe;

		TargetWorker(Probe probe) {
			this.probe = probe;
		}

		@Override
		public void run(ChildContext context) throws InterruptedException {
			long startedAt = System.nanoTime();
			this.probe.alive.add(new Alive(startedAt, context));
			this.probe.crash.take();
			this.probe.crashAt = System.nanoTime();
			throw new IllegalStateException("bench crash");
		}

	}

}
