package dev.supervisor.bench;

/**
 * Chooses where the engine's {@code System.Logger} reports go, before the first logger is made:
 * {@code System.Logger} is bridged to SLF4J ({@code slf4j-jdk-platform-logging}) and logback,
 * the Pekko anchor's backend, with the same synchronous file appender and pattern. Without
 * {@link #toFile()}, {@code logback.xml} sends only warnings to standard error (runs with
 * {@code log=off} also turn the trees' reports off).
 */
final class Logging {

	private static final String CONFIGURATION = "logback.configurationFile";

	private Logging() {
	}

	/** Reports go to {@code bench.logFile} (default {@code ours_bench_log.txt} in the temporary directory), as the anchors' {@code log=file}. */
	static void toFile() {
		if (System.getProperty("bench.logFile") == null) {
			System.setProperty("bench.logFile",
					java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "ours_bench_log.txt").toString());
		}
		System.setProperty(CONFIGURATION, "logback-bench-file.xml");
	}

}
