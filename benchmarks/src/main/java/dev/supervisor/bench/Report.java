package dev.supervisor.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Prints figures as the anchors' lines,
 * {@code RESULT system=ours scenario=.. n=.. variant=..;jdk=..;threads=.. metric=.. value=.. unit=..}.
 */
final class Report {

	private final PrintStream out;

	private final String suffix;

	/**
	 * @param out where the lines go
	 * @param jdk the JDK's {@code java.version}, appended to every variant
	 * @param threads {@code virtual} or {@code platform}, appended to every variant
	 */
	Report(PrintStream out, String jdk, String threads) {
		this.out = out;
		this.suffix = "jdk=" + jdk + ";threads=" + threads;
	}

	Report(PrintStream out, BenchEnv env) {
		this(out, env.jdk(), env.threads().label());
	}

	void result(String scenario, long n, String variant, String metric, double value, String unit) {
		String fullVariant = variant.isEmpty() ? this.suffix : variant + ";" + this.suffix;
		this.out.println(String.format(Locale.ROOT, "RESULT system=ours scenario=%s n=%d variant=%s metric=%s value=%.3f unit=%s",
				scenario, n, fullVariant, metric, value, unit));
		this.out.flush();
	}

	/**
	 * Reports p50, p90, p99, max and mean of nanosecond samples in microseconds, as the anchors do
	 * (nearest-rank percentiles inside one run).
	 */
	void latency(String scenario, long n, String variant, String prefix, long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		double sum = 0;
		for (long value : sorted) {
			sum += value;
		}
		result(scenario, n, variant, prefix + "_p50", percentile(sorted, 0.50) / 1e3, "us");
		result(scenario, n, variant, prefix + "_p90", percentile(sorted, 0.90) / 1e3, "us");
		result(scenario, n, variant, prefix + "_p99", percentile(sorted, 0.99) / 1e3, "us");
		result(scenario, n, variant, prefix + "_max", sorted[sorted.length - 1] / 1e3, "us");
		result(scenario, n, variant, prefix + "_mean", sum / sorted.length / 1e3, "us");
	}

	/** Nearest rank: the smallest sample with at least {@code p} of the samples at or below it. */
	static long percentile(long[] sorted, double p) {
		int index = (int) Math.ceil(p * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

}
