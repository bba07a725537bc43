package dev.supervisor.spring.exit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #9 item 5: the exit code promised by {@code on-give-up: shutdown-application} is the
 * process's exit status, every time, whether the tree gives up after start-up, during start-up or
 * fails to start. Each run is a separate JVM on the test classpath; logs under
 * {@code target/give-up-exit}.
 */
class GiveUpExitCodeProcessTests {

	private static final String[] CRITICAL = { "--spring.main.web-application-type=none",
			"--spring.main.keep-alive=true", "--spring.main.banner-mode=off",
			"--supervision.trees.critical.intensity=0",
			"--supervision.trees.critical.on-give-up=shutdown-application",
			"--supervision.trees.critical.exit-code=3", "--supervision.trees.critical.children[0].id=c",
			"--supervision.trees.other.children[0].id=w", "--supervision.trees.other.children[0].bean=idle" };

	/** The input: the child crashes after start-up; ten runs in a row. */
	@Test
	void aTreeThatGivesUpAfterStartUpEndsTheProcessWithItsExitCodeEveryTime() throws Exception {
		for (int run = 1; run <= 10; run++) {
			assertThat(runToExit("after-start-up-" + run, "--supervision.trees.critical.children[0].bean=crasher",
					"--test.crash=after-start-up"))
				.as("exit status of run %d", run)
				.isEqualTo(3);
		}
	}

	@Test
	void aTreeThatGivesUpWhileTheContextIsStillStartingEndsTheProcessWithItsExitCode() throws Exception {
		for (int run = 1; run <= 4; run++) {
			assertThat(runToExit("during-start-up-" + run, "--supervision.trees.critical.children[0].bean=crashAtOnce"))
				.as("exit status of run %d", run)
				.isEqualTo(3);
		}
	}

	@Test
	void aTreeThatFailsToStartEndsTheProcessWithItsExitCode() throws Exception {
		for (int run = 1; run <= 3; run++) {
			assertThat(runToExit("start-failure-" + run, "--supervision.trees.critical.children[0].bean=refuser"))
				.as("exit status of run %d", run)
				.isEqualTo(3);
		}
	}

	private static int runToExit(String name, String... arguments) throws IOException, InterruptedException {
		Path directory = Path.of("target", "give-up-exit").toAbsolutePath();
		Files.createDirectories(directory);
		Path log = directory.resolve(name + ".log");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
				System.getProperty("java.class.path"), GiveUpApplication.class.getName()));
		command.addAll(List.of(CRITICAL));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the process exits by itself; see %s", log).isTrue();
			int status = process.exitValue();
			if (status != 3) {
				System.err.println(Files.readString(log, StandardCharsets.UTF_8));
			}
			return status;
		}
		finally {
			process.destroyForcibly();
		}
	}

}
