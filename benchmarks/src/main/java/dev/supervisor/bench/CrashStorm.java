package dev.supervisor.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.supervisor.ChildContext;
import dev.supervisor.ChildSpec;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.Outcome;
import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.SnapshotOptions;
import dev.supervisor.SupervisionTree;
import dev.supervisor.SupervisorHandle;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.Worker;

/**
 * A crash storm (issue #15, figure 8): a dynamic supervisor {@code dyn} (intensity 10^8 in 1 s)
 * holds N permanent children; all of them crash at once (workers are released together and throw,
 * services are failed one after the other by the driver), and the storm is timed until every
 * replacement has run its first statement ({@code all_back_ms}). Meanwhile a platform thread (as a
 * web server's) asks for the snapshot the endpoint shows ({@code find("storm/dyn")}, the default
 * page) again and again: {@code snapshot_during_storm_*} is how long each answer took. {@code warmup}
 * storms first, then {@code storms} measured.
 */
final class CrashStorm {

	private CrashStorm() {
	}

	static void run(BenchEnv env, Report report, int n, ChildType type, int storms, int warmup) throws Exception {
		Crowd crowd = new Crowd();
		ChildSpec template = switch (type) {
			case SERVICE -> ChildSpec.service("child", (ctx) -> new StormService(crowd));
			case WORKER -> ChildSpec.worker("child", (ctx) -> new StormWorker(crowd));
		};
		ChildSpec dynamic = ChildSpec.supervisor("dyn",
				SupervisorSpec.dynamic(template).withIntensity(100_000_000, Duration.ofSeconds(1)));
		SupervisionTree tree = SupervisionTree.create("storm", SupervisorSpec.oneForOne(dynamic), env.treeOptions(false));
		tree.start();
		long[] allBack = new long[storms];
		List<Long> snapshots = new ArrayList<>();
		try {
			env.drive(() -> {
				SupervisorHandle dyn = tree.supervisor("storm/dyn");
				crowd.expect(n);
				for (int i = 0; i < n; i++) {
					Outcome outcome = dyn.startDynamicChild(null, null);
					if (!outcome.isOk()) {
						throw new IllegalStateException("child " + i + " did not start: " + outcome);
					}
				}
				crowd.awaitReady();
				for (int s = -warmup; s < storms; s++) {
					Observer observer = new Observer(tree);
					observer.start();
					long took = crowd.storm(type, n);
					observer.finish();
					if (s >= 0) {
						allBack[s] = took;
						snapshots.addAll(observer.samples);
					}
				}
			});
		}
		finally {
			tree.stop();
		}
		String variant = "kind=" + type.label() + ";sup=dynamic;restart=permanent;log=off";
		long[] sorted = allBack.clone();
		Arrays.sort(sorted);
		report.result("crash_storm", n, variant, "all_back_ms", sorted[sorted.length / 2] / 1e6, "ms");
		report.result("crash_storm", n, variant, "all_back_max_ms", sorted[sorted.length - 1] / 1e6, "ms");
		report.result("crash_storm", n, variant, "us_per_restart", sorted[sorted.length / 2] / 1e3 / n, "us");
		long[] samples = snapshots.stream().mapToLong(Long::longValue).toArray();
		if (samples.length > 0) {
			report.latency("crash_storm", n, variant, "snapshot_during_storm", samples);
		}
		report.result("crash_storm", n, variant, "snapshots_during_storms", samples.length, "count");
	}

	/** What the driver and the children share. */
	static final class Crowd {

		/** The running services, to fail them. */
		volatile Queue<ServiceContext> services = new ConcurrentLinkedQueue<>();

		/** Released to make every worker throw. */
		volatile CountDownLatch go = new CountDownLatch(1);

		volatile CountDownLatch ready = new CountDownLatch(0);

		void expect(int count) {
			this.ready = new CountDownLatch(count);
		}

		void awaitReady() throws InterruptedException {
			if (!this.ready.await(600, TimeUnit.SECONDS)) {
				throw new IllegalStateException(this.ready.getCount() + " children did not come back within 600 s");
			}
		}

		/** Crashes all N children at once; returns the nanoseconds until all replacements ran. */
		long storm(ChildType type, int n) throws InterruptedException {
			CountDownLatch release = this.go;
			Queue<ServiceContext> running = this.services;
			this.go = new CountDownLatch(1);
			this.services = new ConcurrentLinkedQueue<>();
			expect(n);
			long t0 = System.nanoTime();
			if (type == ChildType.WORKER) {
				release.countDown();
			}
			else {
				IllegalStateException crash = new IllegalStateException("bench crash storm");
				for (ServiceContext context : running) {
					context.fail(crash);
				}
			}
			awaitReady();
			return System.nanoTime() - t0;
		}

	}

	/** A service that says it runs and waits to be failed. */
	static final class StormService implements Service {

		private final Crowd crowd;

		StormService(Crowd crowd) {
			this.crowd = crowd;
		}

		@Override
		public void start(ServiceContext context) {
			this.crowd.services.add(context);
			this.crowd.ready.countDown();
		}

		@Override
		public void stop(ServiceContext context) {
		}

	}

	/** A worker that says it runs, then throws when the storm is released. */
	static final class StormWorker implements Worker {

		private final Crowd crowd;

		StormWorker(Crowd crowd) {
			this.crowd = crowd;
		}

		@Override
		public void run(ChildContext context) throws InterruptedException {
			CountDownLatch release = this.crowd.go;
			this.crowd.ready.countDown();
			release.await();
			throw new IllegalStateException("bench crash storm");
		}

	}

	/** Asks for the endpoint's snapshot of {@code dyn} in a loop on a platform thread, timing each answer. */
	static final class Observer extends Thread {

		private final SupervisionTree tree;

		final List<Long> samples = new ArrayList<>();

		private volatile boolean done;

		Observer(SupervisionTree tree) {
			super("bench-observer");
			setDaemon(true);
			this.tree = tree;
		}

		@Override
		public void run() {
			while (!this.done) {
				long t0 = System.nanoTime();
				java.util.Optional<NodeSnapshot> node = this.tree.find("storm/dyn", SnapshotOptions.DEFAULT);
				long took = System.nanoTime() - t0;
				if (node.isEmpty()) {
					throw new IllegalStateException("storm/dyn vanished during the storm");
				}
				this.samples.add(took);
			}
		}

		void finish() throws InterruptedException {
			this.done = true;
			join();
		}

	}

}
