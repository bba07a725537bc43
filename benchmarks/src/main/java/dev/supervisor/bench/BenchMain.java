package dev.supervisor.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import dev.supervisor.bench.BenchEnv.ThreadKind;

import org.jspecify.annotations.Nullable;

/**
 * The benchmark runner: one scenario per JVM (the anchors run every repetition in a fresh JVM),
 * every figure printed as a {@code RESULT} line.
 *
 * <pre>
 * java -jar benchmarks.jar spawn_storm N service|worker [warmupRounds=3]          [--threads=..]
 * java -jar benchmarks.jar restart Siblings service|worker Iters Batch off|file [warmup=20000] [--threads=..]
 * java -jar benchmarks.jar one_for_all N service|worker Cycles [warmup=50]       [--threads=..]
 * java -jar benchmarks.jar crash_storm N service|worker [storms=5] [warmup=2]     [--threads=..]
 * java -jar benchmarks.jar spring_restart prototype|class|runnable|lifecycle Iters off|on [warmup=20000] [--threads=..]
 * java -jar benchmarks.jar startup N [cycles=5] [warmup=3]                       [--threads=..]
 * java -jar benchmarks.jar endpoint N [requests=200] [warmup=50]                 [--threads=..]
 * java -jar benchmarks.jar smoke          every scenario with tiny N, a few seconds
 * java -jar benchmarks.jar jmh [JMH options]   the JMH benchmarks, also printed as RESULT lines
 * </pre>
 *
 * {@code --threads=virtual|platform}: what the tree and the driver run on; default virtual on
 * Java 21+, platform before. {@code -Dbench.logFile=..}: where {@code log=file} writes reports
 * (default {@code ours_bench_log.txt} in the temporary directory); {@code -Dbench.timeoutSeconds=..}: a run that takes longer
 * is ended with exit code 2 (default 1800).
 */
public final class BenchMain {

	private BenchMain() {
	}

	public static void main(String[] args) {
		startWatchdog(Long.getLong("bench.timeoutSeconds", 1800), args);
		try {
			run(args, System.out);
			System.exit(0);
		}
		catch (Throwable ex) {
			System.err.println("FAILED " + String.join(" ", args));
			ex.printStackTrace();
			System.exit(1);
		}
	}

	/**
	 * Ends a run that hangs: the drivers wait for the engine without a timeout, as the anchors'
	 * drivers do, so that no timer is armed inside a timed window.
	 */
	private static void startWatchdog(long seconds, String[] args) {
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(seconds * 1000);
			}
			catch (InterruptedException ex) {
				return;
			}
			System.err.println("FAILED (no result after " + seconds + " s, -Dbench.timeoutSeconds): "
					+ String.join(" ", args));
			Runtime.getRuntime().halt(2);
		}, "bench-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
	}

	/**
	 * Runs one scenario (or the smoke set) in this JVM.
	 * @param args the command line
	 * @param out where the {@code RESULT} lines go
	 */
	public static void run(String[] args, PrintStream out) throws Exception {
		List<String> positional = new ArrayList<>();
		@Nullable BenchEnv env = null;
		for (String arg : args) {
			if (arg.startsWith("--threads=")) {
				env = BenchEnv.of(ThreadKind.parse(arg.substring("--threads=".length())));
			}
			else {
				positional.add(arg);
			}
		}
		if (positional.isEmpty()) {
			throw new IllegalArgumentException("usage: spawn_storm|restart|one_for_all|smoke|jmh ... (see BenchMain)");
		}
		if (env == null) {
			env = BenchEnv.defaults();
		}
		String scenario = positional.get(0);
		if (scenario.equals("jmh")) {
			JmhMain.run(positional.subList(1, positional.size()).toArray(new String[0]), out);
			return;
		}
		if (scenario.equals("smoke")) {
			Logging.toFile();
			Smoke.run(out);
			return;
		}
		Arguments a = new Arguments(scenario, positional);
		Report report = new Report(out, env);
		switch (scenario) {
			case "spawn_storm" -> {
				SpawnStorm.run(env, report, a.integer(1), ChildType.parse(a.text(2)), a.integer(3, 3));
			}
			case "restart" -> {
				boolean log = a.logMode(5);
				if (log) {
					Logging.toFile();
				}
				RestartLatency.run(env, report, a.integer(1), ChildType.parse(a.text(2)), a.integer(3), a.integer(4), log,
						a.integer(6, 20_000));
			}
			case "one_for_all" -> {
				OneForAllRestart.run(env, report, a.integer(1), ChildType.parse(a.text(2)), a.integer(3), a.integer(4, 50));
			}
			case "crash_storm" -> {
				CrashStorm.run(env, report, a.integer(1), ChildType.parse(a.text(2)), a.integer(3, 5), a.integer(4, 2));
			}
			case "spring_restart" -> {
				SpringRestart.run(env, report, SpringRestart.Child.parse(a.text(1)), a.integer(2), a.onOff(3),
						a.integer(4, 20_000));
			}
			case "startup" -> {
				StartupCost.run(env, report, a.integer(1), a.integer(2, 5), a.integer(3, 3));
			}
			case "endpoint" -> {
				EndpointScale.run(env, report, a.integer(1), a.integer(2, 200), a.integer(3, 50));
			}
			default -> throw new IllegalArgumentException("unknown scenario '" + scenario
					+ "': use spawn_storm, restart, one_for_all, crash_storm, spring_restart, startup, endpoint, "
					+ "smoke or jmh");
		}
	}

	/** Positional arguments with precise errors. */
	private record Arguments(String scenario, List<String> values) {

		String text(int index) {
			if (index >= this.values.size()) {
				throw new IllegalArgumentException("'" + this.scenario + "' needs argument " + index
						+ " (see the usage in BenchMain)");
			}
			return this.values.get(index);
		}

		int integer(int index) {
			String text = text(index).replace("_", "");
			try {
				return Integer.parseInt(text);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("argument " + index + " of '" + this.scenario
						+ "' must be a whole number (was '" + text + "')");
			}
		}

		int integer(int index, int otherwise) {
			return (index < this.values.size()) ? integer(index) : otherwise;
		}

		boolean onOff(int index) {
			return switch (text(index)) {
				case "off" -> false;
				case "on" -> true;
				default -> throw new IllegalArgumentException("argument " + index + " of '" + this.scenario
						+ "' must be off or on (was '" + text(index) + "')");
			};
		}

		boolean logMode(int index) {
			return switch (text(index)) {
				case "off" -> false;
				case "file" -> true;
				default -> throw new IllegalArgumentException("the log mode must be off or file (was '" + text(index) + "')");
			};
		}

	}

}
