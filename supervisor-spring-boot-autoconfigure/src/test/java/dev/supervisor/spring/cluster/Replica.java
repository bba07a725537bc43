package dev.supervisor.spring.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.supervisor.spring.cluster.replica.ReplicaApp;

/**
 * One replica of {@link ReplicaApp} as a separate JVM (-Xmx256m), with its log in a file.
 */
final class Replica {

	private final String id;

	private final Process process;

	private final Path log;

	private Replica(String id, Process process, Path log) {
		this.id = id;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts a replica.
	 * @param id its replica id
	 * @param logs the folder of its log
	 * @param properties its application properties, {@code name=value}
	 * @return the replica, starting
	 */
	static Replica start(String id, Path logs, List<String> properties) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
				System.getProperty("java.class.path"), ReplicaApp.class.getName()));
		command.add("--supervision.cluster.replica-id=" + id);
		properties.forEach((property) -> command.add("--" + property));
		Path log = logs.resolve(id + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new Replica(id, process, log);
	}

	String id() {
		return this.id;
	}

	long pid() {
		return this.process.pid();
	}

	Path log() {
		return this.log;
	}

	/**
	 * Waits until the replica has started (its context is refreshed, so it takes part).
	 * @param within how long to wait
	 */
	Replica awaitStarted(java.time.Duration within) {
		org.awaitility.Awaitility.await()
			.atMost(within)
			.pollInterval(java.time.Duration.ofMillis(100))
			.until(() -> java.nio.file.Files.exists(this.log)
					&& java.nio.file.Files.readString(this.log).contains("Started ReplicaApp"));
		return this;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** SIGKILL, and waits until the process is gone. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/** SIGTERM: the replica shuts down gracefully. */
	void terminate() {
		this.process.destroy();
	}

	boolean awaitExit(long seconds) throws InterruptedException {
		return this.process.waitFor(seconds, TimeUnit.SECONDS);
	}

	@Override
	public String toString() {
		return this.id + " (pid " + pid() + ")";
	}

}
