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
		// With -prof gc: the bytes allocated per operation, which do not depend on the machine's load.
		org.openjdk.jmh.results.Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
		if (allocation != null) {
			String keys = params(params);
			report.result("jmh_alloc", 0, "benchmark=" + method + (keys.isEmpty() ? "" : ";" + keys) + ";harness=jmh",
					"jmh_alloc_bytes_per_op", allocation.getScore(), "bytes");
		}
		String unit = result.getPrimaryResult().getScoreUnit();
		switch (method) {
			case "startDynamicChild" -> report.result("spawn_storm", SpawnBenchmark.BATCH,
					"kind=" + kind + ";sup=dynamic;harness=jmh", "jmh_us_per_child", micros(score, unit), "us");
			case "restartOneForOne" -> report.result("restart", RestartBenchmark.BATCH,
					"siblings=0;kind=" + kind + ";mode=" + ChildType.parse(kind).crashMode + ";batch=none;log=off;harness=jmh",
					"jmh_crash_to_driver_sees_alive_mean", micros(score, unit), "us");
			case "terminateDynamicSupervisor" -> report.result("shutdown", Long.parseLong(params.getParam("n")),
					"kind=" + kind + ";sup=dynamic;log=off;harness=jmh", "jmh_total_ms", micros(score, unit) / 1e3, "ms");
			case "directCall", "handleCall", "handleCall8Callers", "handleCall8CallersRestartEveryMs" -> {
				String call = method.startsWith("direct") ? "direct" : "handle";
				int callers = method.contains("8Callers") ? 8 : 1;
				String restarts = method.endsWith("RestartEveryMs") ? "every-1ms" : "none";
				report.result("handle_call", callers, "call=" + call + ";callers=" + callers + ";restarts=" + restarts
						+ ";harness=jmh", "jmh_ns_per_call", micros(score, unit) * 1e3, "ns");
			}
			default -> report.result("jmh", 0, "benchmark=" + method, "score", score, unit.replace('/', '_'));
		}
	}

	/** The benchmark's parameters as {@code k=v;..}. */
	private static String params(BenchmarkParams params) {
		StringBuilder text = new StringBuilder();
		for (String key : params.getParamsKeys()) {
			if (key.equals("threads")) {
				continue;
			}
			if (!text.isEmpty()) {
				text.append(';');
			}
			text.append(key).append('=').append(params.getParam(key));
		}
		return text.toString();
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
