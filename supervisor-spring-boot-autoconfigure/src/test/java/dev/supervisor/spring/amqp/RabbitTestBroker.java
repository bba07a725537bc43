package dev.supervisor.spring.amqp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real RabbitMQ broker (Debian's {@code rabbitmq-server}) for the tests: started from
 * {@code /usr/lib/rabbitmq/bin} on free loopback ports, with its node name, data, logs,
 * configuration and Erlang cookie in its own temporary folder, and stopped (and the folder
 * deleted) on {@link #close()}. It can be stopped and started again with its data.
 * <p>Without {@code rabbitmq-server} installed the tests are skipped, unless the system
 * property {@code rabbitmq.tests=required} (set by {@code .ci/run}) makes that a
 * failure.
 */
final class RabbitTestBroker implements AutoCloseable {

	private static final Path BIN = Path.of("/usr/lib/rabbitmq/bin");

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private final Path directory;

	private final String node;

	private final int port;

	private final Map<String, String> environment;

	private Process process;

	private RabbitTestBroker(Path directory, String node, int port, Map<String, String> environment) {
		this.directory = directory;
		this.node = node;
		this.port = port;
		this.environment = environment;
	}

	/**
	 * Starts a broker and waits until it takes AMQP connections.
	 * @return the running broker
	 */
	static RabbitTestBroker start() throws IOException {
		boolean installed = Files.isExecutable(BIN.resolve("rabbitmq-server"));
		if (!installed && "required".equals(System.getProperty("rabbitmq.tests"))) {
			throw new IllegalStateException("RabbitMQ is required but not installed: apt-get install rabbitmq-server");
		}
		Assumptions.assumeTrue(installed,
				"RabbitMQ is not installed (apt-get install rabbitmq-server; .ci/run does it): skipping");
		Path directory = Files.createTempDirectory("supervision-rabbitmq-");
		String node = "supervision-test-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
		int port = freePort();
		Files.writeString(directory.resolve("enabled_plugins"), "[].");
		Files.writeString(directory.resolve("rabbitmq.conf"), "");
		Map<String, String> environment = Map.of("RABBITMQ_NODENAME", node, "RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1",
				"RABBITMQ_NODE_PORT", Integer.toString(port), "RABBITMQ_DIST_PORT", Integer.toString(freePort()),
				"RABBITMQ_MNESIA_BASE", directory.resolve("mnesia").toString(), "RABBITMQ_LOG_BASE",
				directory.resolve("log").toString(), "RABBITMQ_ENABLED_PLUGINS_FILE",
				directory.resolve("enabled_plugins").toString(), "RABBITMQ_CONFIG_FILE",
				directory.resolve("rabbitmq").toString(), "HOME", directory.toString());
		RabbitTestBroker broker = new RabbitTestBroker(directory, node, port, environment);
		try {
			broker.startBroker();
		}
		catch (RuntimeException | Error ex) {
			broker.close();
			throw ex;
		}
		return broker;
	}

	int port() {
		return this.port;
	}

	/** Starts the broker (again, with the data it had) and waits until it takes connections. */
	void startBroker() throws IOException {
		ProcessBuilder builder = new ProcessBuilder(BIN.resolve("rabbitmq-server").toString())
			.directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("server.out").toFile()));
		builder.environment().putAll(this.environment);
		this.process = builder.start();
		await("RabbitMQ taking connections on port " + this.port).atMost(STARTUP_TIMEOUT)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> {
				assertThat(this.process.isAlive()).as("rabbitmq-server running; see %s", log()).isTrue();
				try (Connection connection = connect()) {
					return connection.isOpen();
				}
				catch (IOException | java.util.concurrent.TimeoutException ex) {
					return false;
				}
			});
	}

	/** Shuts the broker down ({@code rabbitmqctl shutdown}) and waits until it is gone. */
	void stopBroker() throws IOException, InterruptedException {
		if (this.process == null || !this.process.isAlive()) {
			return;
		}
		ProcessBuilder builder = new ProcessBuilder(BIN.resolve("rabbitmqctl").toString(), "-n", this.node,
				"shutdown")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("ctl.out").toFile()));
		builder.environment().putAll(this.environment);
		Process ctl = builder.start();
		boolean done = ctl.waitFor(60, TimeUnit.SECONDS) && this.process.waitFor(60, TimeUnit.SECONDS);
		if (!done) {
			kill();
		}
	}

	Connection connect() throws IOException, java.util.concurrent.TimeoutException {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost("127.0.0.1");
		factory.setPort(this.port);
		factory.setConnectionTimeout(2000);
		factory.setAutomaticRecoveryEnabled(false);
		return factory.newConnection();
	}

	/** Runs something with a channel of a new connection. */
	<T> T withChannel(ChannelCall<T> call) throws Exception {
		try (Connection connection = connect(); Channel channel = connection.createChannel()) {
			return call.call(channel);
		}
	}

	void declareQueue(String queue) throws Exception {
		withChannel((channel) -> channel.queueDeclare(queue, true, false, false, null));
	}

	void deleteQueue(String queue) throws Exception {
		withChannel((channel) -> channel.queueDelete(queue));
	}

	void send(String queue, String... bodies) throws Exception {
		withChannel((channel) -> {
			for (String body : bodies) {
				channel.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN,
						body.getBytes(StandardCharsets.UTF_8));
			}
			return null;
		});
	}

	/** Takes the first message of a queue off it, or returns {@code null} if it is empty. */
	String take(String queue) throws Exception {
		return withChannel((channel) -> {
			GetResponse response = channel.basicGet(queue, true);
			return (response != null) ? new String(response.getBody(), StandardCharsets.UTF_8) : null;
		});
	}

	long messageCount(String queue) throws Exception {
		return withChannel((channel) -> channel.queueDeclarePassive(queue).getMessageCount());
	}

	private Path log() {
		return this.directory.resolve("server.out");
	}

	@Override
	public void close() {
		try {
			stopBroker();
		}
		catch (IOException ex) {
			kill();
		}
		catch (InterruptedException ex) {
			kill();
			Thread.currentThread().interrupt();
		}
		try (Stream<Path> paths = Files.walk(this.directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Kills the server process and what it started (the Erlang VM), by their ids. */
	private void kill() {
		if (this.process == null) {
			return;
		}
		List<ProcessHandle> all = new ArrayList<>(this.process.descendants().toList());
		all.add(this.process.toHandle());
		all.forEach(ProcessHandle::destroyForcibly);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	/** A call with a channel. */
	interface ChannelCall<T> {

		T call(Channel channel) throws Exception;

	}

}
