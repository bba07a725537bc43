package dev.supervisor.demo.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo's real jar, run as a separate process on a free port, with its own working
 * directory, journal and log under {@code target/e2e/<name>}. Always {@link #close()} it:
 * that kills the process if it is still running.
 */
final class DemoProcess implements AutoCloseable {

	/** How long the demo may take to start on a busy CI machine. */
	static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final int port;

	private final Path directory;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/** Kills the process if the test JVM itself is stopped (Ctrl-C during mvn verify). */
	private final Thread killer;

	private final Path journal;

	private final Path spool;

	private DemoProcess(Process process, int port, Path directory, Path journal, Path spool) {
		this.process = process;
		this.port = port;
		this.directory = directory;
		this.journal = journal;
		this.spool = spool;
		this.killer = new Thread(process::destroyForcibly, "kill demo on port " + port);
		Runtime.getRuntime().addShutdownHook(this.killer);
	}

	/**
	 * Starts the demo's jar and waits until its health endpoint answers.
	 * @param name the name of its directory under {@code target/e2e}, emptied first
	 * @param arguments further application arguments, e.g. {@code --demo.ingest.linger=1h}
	 * @return the running demo
	 */
	static DemoProcess start(String name, String... arguments) throws IOException {
		return start(name, null, null, freePort(), arguments);
	}

	/**
	 * Starts the demo's jar with a given journal directory, e.g. the one of an earlier run,
	 * and waits until its health endpoint answers.
	 * @param name the name of its directory under {@code target/e2e}, emptied first
	 * @param journal its journal directory, or {@code null} for {@code journal} in its own
	 * directory
	 * @param arguments further application arguments
	 * @return the running demo
	 */
	static DemoProcess start(String name, Path journal, String... arguments) throws IOException {
		return start(name, journal, null, freePort(), arguments);
	}

	/**
	 * Starts the demo's jar on a given port (e.g. the port of a demo that was stopped, to see
	 * clients reconnect) and waits until its health endpoint answers.
	 * @param name the name of its directory under {@code target/e2e}, emptied first
	 * @param port the HTTP port
	 * @param arguments further application arguments
	 * @return the running demo
	 */
	static DemoProcess start(String name, int port, String... arguments) throws IOException {
		return start(name, null, null, port, arguments);
	}

	/**
	 * Starts the demo's jar on the journal and the spools of an earlier run, as the same
	 * application started again on the same machine, and waits until its health endpoint
	 * answers.
	 * @param name the name of its directory under {@code target/e2e}, emptied first
	 * @param earlier the earlier run, stopped
	 * @param arguments further application arguments
	 * @return the running demo
	 */
	static DemoProcess startAfter(String name, DemoProcess earlier, String... arguments) throws IOException {
		return start(name, earlier.journalDirectory(), earlier.spoolDirectory(), freePort(), arguments);
	}

	private static DemoProcess start(String name, Path journal, Path spool, int port, String... arguments)
			throws IOException {
		String jarProperty = System.getProperty("demo.jar");
		assertThat(jarProperty).as("system property demo.jar (set by failsafe: run 'mvn verify')").isNotNull();
		Path jar = Path.of(jarProperty);
		assertThat(jar).as("the demo's repackaged jar (built by 'mvn package')").isRegularFile();
		Path directory = Path.of(System.getProperty("demo.work-dir", "target/e2e")).resolve(name).toAbsolutePath();
		deleteRecursively(directory);
		Files.createDirectories(directory);
		Path journalDirectory = (journal != null) ? journal : directory.resolve("journal");
		Path spoolDirectory = (spool != null) ? spool : directory.resolve("spool");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// A small, quickly started JVM: several run one after another on a 2-core machine.
		command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
		command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port,
				"--demo.ingest.journal-dir=" + journalDirectory, "--demo.ingest.spool-dir=" + spoolDirectory));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("app.log").toFile())
			.start();
		DemoProcess demo = new DemoProcess(process, port, directory, journalDirectory, spoolDirectory);
		try {
			demo.awaitReady();
		}
		catch (RuntimeException | Error ex) {
			demo.close();
			throw ex;
		}
		return demo;
	}

	private void awaitReady() {
		await("the demo answering on /actuator/health (see " + log() + ")").atMost(STARTUP_TIMEOUT)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				assertThat(this.process.isAlive()).as("demo process alive; its log:%n%s", logTail()).isTrue();
				try {
					return get("/actuator/health").status() == 200;
				}
				catch (UncheckedIOException ex) {
					return false;
				}
			});
	}

	int port() {
		return this.port;
	}

	/**
	 * Return the application's log file.
	 * @return the log file
	 */
	Path log() {
		return this.directory.resolve("app.log");
	}

	String logText() {
		try {
			return Files.readString(log(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	List<String> logLines() {
		return List.of(logText().split("\n"));
	}

	private String logTail() {
		List<String> lines = logLines();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	Path journalDirectory() {
		return this.journal;
	}

	/**
	 * Return the directory of the spools: the accepted messages not in the journal yet.
	 * @return the spool directory
	 */
	Path spoolDirectory() {
		return this.spool;
	}

	/** Sends SIGTERM (on Linux and macOS, {@link Process#destroy()} does). */
	void sigterm() {
		this.process.destroy();
	}

	/**
	 * Waits for the process to exit by itself.
	 * @param timeout how long to wait
	 * @return whether it exited in time
	 */
	boolean awaitExit(Duration timeout) throws InterruptedException {
		return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	int exitValue() {
		return this.process.exitValue();
	}

	Response get(String path) {
		return send(request(path).GET());
	}

	Response post(String path) {
		return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
	}

	Response postJson(String path, String body) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	Response putText(String path, String body) {
		return send(request(path).header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	Response delete(String path) {
		return send(request(path).DELETE());
	}

	Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(),
					response.headers().firstValue("Retry-After").orElse(null));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
	}

	URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	HttpClient http() {
		return this.http;
	}

	/**
	 * The node at a path, from {@code GET /actuator/supervision/{path}}.
	 * @param path the node's path
	 * @return the node
	 */
	JsonNode node(String path) {
		Response response = get("/actuator/supervision/" + path);
		assertThat(response.status()).as("GET /actuator/supervision/%s: %s", path, response.body()).isEqualTo(200);
		return response.json();
	}

	/** Kills the process if it still runs. */
	@Override
	public void close() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.killer);
		}
		catch (IllegalStateException ex) {
			// The test JVM is shutting down: the hook kills the process.
		}
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	/**
	 * An HTTP response.
	 *
	 * @param status the status code
	 * @param body the body
	 * @param retryAfter the {@code Retry-After} header, if any
	 */
	record Response(int status, String body, String retryAfter) {

		JsonNode json() {
			return json.readTree(this.body);
		}

	}

}
