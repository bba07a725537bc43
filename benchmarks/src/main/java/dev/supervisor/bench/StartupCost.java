package dev.supervisor.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Start-up cost of declared children (issue #15, figure 3): {@code SpringApplication.run} (context
 * refresh, trees started) and {@code close()} (trees stopped) of the benchmark application whose
 * {@code application.yml} declares one tree with N {@code class:} services, against the same
 * application without the starter (its auto-configurations excluded, the same YAML). Both run
 * alternately in one JVM: {@code warmup} cycles, then {@code cycles} measured; medians.
 * {@code us_per_declared_child} = (median refresh with the starter − median without) / N. The
 * {@code _cpu_} figures are the process's CPU time over the same stretches (every thread, GC and
 * JIT included), which a busy machine disturbs less than wall time.
 */
final class StartupCost {

	private static final String EXCLUDE = String.join(",",
			"dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration",
			"dev.supervisor.spring.autoconfigure.actuate.SupervisionEndpointAutoConfiguration",
			"dev.supervisor.spring.autoconfigure.health.SupervisionHealthAutoConfiguration",
			"dev.supervisor.spring.autoconfigure.metrics.SupervisionMetricsAutoConfiguration");

	private StartupCost() {
	}

	static void run(BenchEnv env, Report report, int children, int cycles, int warmup) throws Exception {
		Path dir = Files.createTempDirectory("bench-startup");
		Path yaml = dir.resolve("application.yml");
		try {
			write(yaml, children, env);
			long[] refresh = new long[cycles];
			long[] close = new long[cycles];
			long[] baseRefresh = new long[cycles];
			long[] baseClose = new long[cycles];
			long[] refreshCpu = new long[cycles];
			long[] baseRefreshCpu = new long[cycles];
			for (int i = -warmup; i < cycles; i++) {
				long[] base = cycle(yaml, false);
				long[] ours = cycle(yaml, true);
				if (i >= 0) {
					baseRefresh[i] = base[0];
					baseClose[i] = base[1];
					baseRefreshCpu[i] = base[2];
					refresh[i] = ours[0];
					close[i] = ours[1];
					refreshCpu[i] = ours[2];
				}
			}
			String variant = "children=class-service;config=yaml";
			double refreshMs = median(refresh) / 1e6;
			double baseRefreshMs = median(baseRefresh) / 1e6;
			double closeMs = median(close) / 1e6;
			double baseCloseMs = median(baseClose) / 1e6;
			report.result("startup", children, variant, "refresh_ms", refreshMs, "ms");
			report.result("startup", children, variant, "refresh_without_starter_ms", baseRefreshMs, "ms");
			report.result("startup", children, variant, "close_ms", closeMs, "ms");
			report.result("startup", children, variant, "close_without_starter_ms", baseCloseMs, "ms");
			report.result("startup", children, variant, "starter_refresh_ms", refreshMs - baseRefreshMs, "ms");
			report.result("startup", children, variant, "starter_close_ms", closeMs - baseCloseMs, "ms");
			double refreshCpuMs = median(refreshCpu) / 1e6;
			double baseRefreshCpuMs = median(baseRefreshCpu) / 1e6;
			report.result("startup", children, variant, "refresh_cpu_ms", refreshCpuMs, "ms");
			report.result("startup", children, variant, "refresh_without_starter_cpu_ms", baseRefreshCpuMs, "ms");
			if (children > 0) {
				report.result("startup", children, variant, "cpu_us_per_declared_child",
						(refreshCpuMs - baseRefreshCpuMs) * 1e3 / children, "us");
				report.result("startup", children, variant, "us_per_declared_child",
						(refreshMs - baseRefreshMs) * 1e3 / children, "us");
				report.result("startup", children, variant, "close_us_per_declared_child",
						(closeMs - baseCloseMs) * 1e3 / children, "us");
			}
		}
		finally {
			Files.deleteIfExists(yaml);
			Files.deleteIfExists(dir);
		}
	}

	/** One run and close: {refresh nanos, close nanos, refresh CPU nanos of the process}. */
	private static long[] cycle(Path yaml, boolean starter) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(SpringBench.App.class)
			.web(WebApplicationType.NONE)
			.registerShutdownHook(false);
		String[] args = { "--spring.config.location=file:" + yaml.toAbsolutePath(),
				"--spring.autoconfigure.exclude=" + (starter ? "" : EXCLUDE) };
		long cpu0 = processCpuNanos();
		long t0 = System.nanoTime();
		ConfigurableApplicationContext context = builder.run(args);
		long t1 = System.nanoTime();
		long cpu1 = processCpuNanos();
		context.close();
		long t2 = System.nanoTime();
		return new long[] { t1 - t0, t2 - t1, cpu1 - cpu0 };
	}

	private static void write(Path yaml, int children, BenchEnv env) throws IOException {
		try (Writer out = Files.newBufferedWriter(yaml, StandardCharsets.UTF_8)) {
			out.write("spring:\n  main:\n    banner-mode: off\n    log-startup-info: false\n");
			out.write("  jmx:\n    enabled: false\n");
			out.write("  threads:\n    virtual:\n      enabled: " + (env.threads() == BenchEnv.ThreadKind.VIRTUAL) + "\n");
			out.write("logging:\n  level:\n    dev.supervisor: off\n    org.springframework: warn\n");
			if (children == 0) {
				return;
			}
			out.write("supervision:\n  trees:\n    bench:\n      children:\n");
			for (int i = 0; i < children; i++) {
				out.write("        - id: c-" + i + "\n          class: " + SpringBench.IdleService.class.getName() + "\n");
			}
		}
	}

	private static long processCpuNanos() {
		if (java.lang.management.ManagementFactory
			.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		throw new IllegalStateException("this JVM does not measure its CPU time (com.sun.management)");
	}

	private static long median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
