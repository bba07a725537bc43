package dev.supervisor.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import dev.supervisor.Threads;
import dev.supervisor.bench.BenchEnv.ThreadKind;

/**
 * Every scenario with a tiny N, on every thread kind the JDK has, plus one short in-process pass
 * of each JMH benchmark: checks that the benchmarks build and run (CI), in a few seconds. The
 * figures it prints mean nothing.
 */
final class Smoke {

	private Smoke() {
	}

	static void run(PrintStream out) throws Exception {
		List<ThreadKind> kinds = new ArrayList<>(List.of(ThreadKind.PLATFORM));
		if (Threads.virtualAvailable()) {
			kinds.add(ThreadKind.VIRTUAL);
		}
		for (ThreadKind kind : kinds) {
			BenchEnv env = BenchEnv.of(kind);
			Report report = new Report(out, env);
			for (ChildType type : ChildType.values()) {
				SpawnStorm.run(env, report, 300, type, 1);
				RestartLatency.run(env, report, 0, type, 60, 25, false, 20);
				RestartLatency.run(env, report, 20, type, 60, 25, false, 20);
				RestartLatency.run(env, report, 0, type, 30, 15, true, 10);
				OneForAllRestart.run(env, report, 16, type, 5, 2);
				CrashStorm.run(env, report, 100, type, 2, 1);
			}
		}
		// The Spring scenarios once, on the JDK's default kind: each starts Spring contexts.
		BenchEnv env = BenchEnv.defaults();
		Report report = new Report(out, env);
		for (SpringRestart.Child child : SpringRestart.Child.values()) {
			SpringRestart.run(env, report, child, 20, false, 10);
		}
		SpringRestart.run(env, report, SpringRestart.Child.PROTOTYPE, 20, true, 10);
		StartupCost.run(env, report, 20, 1, 0);
		EndpointScale.run(env, report, 200, 10, 2);
		JmhMain.run(new String[] { "-f", "0", "-wi", "0", "-i", "1", "-r", "50ms", "-p", "n=200", "-prof", "gc",
				"-p", "threads=" + kinds.get(kinds.size() - 1).label() }, out);
	}

}
