package dev.supervisor.bench;

import java.io.PrintStream;
import java.util.Collection;

import dev.supervisor.Threads;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmarks with JMH's own command line options, then prints each score as a
 * {@code RESULT} line ({@code harness=jmh} in the variant, metric names prefixed {@code jmh_},
 * since JMH times other boundaries than the anchors' T0/T1). On Java 17 only
 * {@code threads=platform} is run unless {@code -p threads=..} says otherwise.
 */
final class JmhMain {

	private JmhMain() {
	}

	static void run(String[] args, PrintStream out) throws Exception {
		CommandLineOptions command = new CommandLineOptions(args);
		ChainedOptionsBuilder options = new OptionsBuilder().parent(command);
		if (!Threads.virtualAvailable() && !command.getParameter("threads").hasValue()) {
			options.param("threads", "platform");
		}
		Collection<RunResult> results = new Runner(options.build()).run();
		for (RunResult result : results) {
			print(result, out);
		}
	}

	private static void print(RunResult result, PrintStream out) {
		BenchmarkParams params = result.getParams();
		String benchmark = params.getBenchmark();
		String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
		String kind = params.getParam("kind");
		Report report = new Report(out, params.getJdkVersion(), params.getParam("threads"));
		double score = result.getPrimaryResult().getScore();
		String unit = result.getPrimaryResult().getScoreUnit();
		switch (method) {
			case "startDynamicChild" -> report.result("spawn_storm", SpawnBenchmark.BATCH,
					"kind=" + kind + ";sup=dynamic;harness=jmh", "jmh_us_per_child", micros(score, unit), "us");
			case "restartOneForOne" -> report.result("restart", RestartBenchmark.BATCH,
					"siblings=0;kind=" + kind + ";mode=" + ChildType.parse(kind).crashMode + ";batch=none;log=off;harness=jmh",
					"jmh_crash_to_driver_sees_alive_mean", micros(score, unit), "us");
			case "terminateDynamicSupervisor" -> report.result("shutdown", Long.parseLong(params.getParam("n")),
					"kind=" + kind + ";sup=dynamic;log=off;harness=jmh", "jmh_total_ms", micros(score, unit) / 1e3, "ms");
			default -> report.result("jmh", 0, "benchmark=" + method, "score", score, unit.replace('/', '_'));
		}
	}

	/** A JMH time-per-operation score in microseconds. */
	private static double micros(double score, String unit) {
		return switch (unit) {
			case "ns/op" -> score / 1e3;
			case "us/op" -> score;
			case "ms/op" -> score * 1e3;
			case "s/op" -> score * 1e6;
			default -> throw new IllegalArgumentException("unexpected JMH unit '" + unit + "': use -tu ns|us|ms|s");
		};
	}

}
