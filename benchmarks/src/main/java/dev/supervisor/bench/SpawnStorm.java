package dev.supervisor.bench;

import dev.supervisor.ChildSpec;
import dev.supervisor.Outcome;
import dev.supervisor.SupervisionTree;
import dev.supervisor.SupervisorHandle;
import dev.supervisor.SupervisorSpec;

/**
 * Spawn storm, memory per idle child and shutdown, in one JVM (the Pekko anchor's
 * {@code spawn_stop}; OTP's {@code spawn_storm} and {@code shutdown}).
 *
 * <p>A root {@code one_for_one} supervisor holds one dynamic supervisor {@code dyn}. The driver
 * calls {@code startDynamicChild} N times; each call returns after the child's start ran (a
 * service's {@code start}; a worker's thread was started). Timed until every child has run its
 * first statement ({@code children_per_sec}, {@code total_ms}); {@code spawn_loop_ms} is when the
 * loop of calls returned. Heap per child: used heap after 3× {@code System.gc()} after − before,
 * / N. Then {@code terminateChild("dyn")} on the root is timed until it returns, with every
 * child stopped (OTP {@code terminate_child(Top, dynsup)}). Warm-up: 3 full cycles with
 * min(N, 100,000) children first.
 */
final class SpawnStorm {

	private SpawnStorm() {
	}

	static void run(BenchEnv env, Report report, int n, ChildType type, int warmupRounds) throws Exception {
		IdleChildren children = new IdleChildren();
		ChildSpec dynamic = ChildSpec.supervisor("dyn", SupervisorSpec.dynamic(children.spec("child", type)));
		SupervisionTree tree = SupervisionTree.create("storm", SupervisorSpec.oneForOne(dynamic),
				env.treeOptions(false));
		tree.start();
		try {
			env.drive(() -> {
				for (int i = 0; i < warmupRounds; i++) {
					cycle(report, tree, children, Math.min(n, 100_000), type, false);
				}
				cycle(report, tree, children, n, type, true);
			});
		}
		finally {
			tree.stop();
		}
	}

	private static void cycle(Report report, SupervisionTree tree, IdleChildren children, int n, ChildType type,
			boolean measured) throws Exception {
		// A fresh handle: an old one would keep the previous, terminated supervisor (and its
		// children's records) reachable while the heap is measured.
		SupervisorHandle root = tree.root();
		SupervisorHandle dyn = tree.supervisor("storm/dyn");
		children.expect(n);
		long heap0 = measured ? BenchEnv.usedHeapAfterGc() : 0;
		long t0 = System.nanoTime();
		for (int i = 0; i < n; i++) {
			Outcome outcome = dyn.startDynamicChild(null, null);
			if (outcome.status() != Outcome.Status.OK) {
				throw new IllegalStateException("child " + i + " did not start: " + outcome);
			}
		}
		long t1 = System.nanoTime();
		children.awaitReady();
		long t2 = System.nanoTime();
		long heap1 = measured ? BenchEnv.usedHeapAfterGc() : 0;

		long t3 = System.nanoTime();
		Outcome terminated = root.terminateChild("dyn");
		long t4 = System.nanoTime();
		if (terminated.status() != Outcome.Status.OK) {
			throw new IllegalStateException("terminating the dynamic supervisor failed: " + terminated);
		}
		if (children.stopped() != n) {
			throw new IllegalStateException("only " + children.stopped() + " of " + n + " children were stopped");
		}
		Outcome restarted = root.restartChild("dyn");
		if (restarted.status() != Outcome.Status.OK) {
			throw new IllegalStateException("restarting the dynamic supervisor failed: " + restarted);
		}
		if (!measured) {
			return;
		}
		String variant = "kind=" + type.label() + ";sup=dynamic;log=off";
		report.result("spawn_storm", n, variant, "children_per_sec", n / ((t2 - t0) / 1e9), "1/s");
		report.result("spawn_storm", n, variant, "us_per_child", (t2 - t0) / 1e3 / n, "us");
		report.result("spawn_storm", n, variant, "total_ms", (t2 - t0) / 1e6, "ms");
		report.result("spawn_storm", n, variant, "spawn_loop_ms", (t1 - t0) / 1e6, "ms");
		report.result("spawn_storm", n, variant, "heap_per_child", (heap1 - heap0) / (double) n, "bytes");
		report.result("shutdown", n, variant, "total_ms", (t4 - t3) / 1e6, "ms");
		report.result("shutdown", n, variant, "us_per_child", (t4 - t3) / 1e3 / n, "us");
	}

}
