package dev.supervisor.spring.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL (Debian's, {@code /usr/lib/postgresql/15}) on a free loopback port with
 * its own data folder, started and stopped by the tests. {@code initdb} refuses root, so its
 * tools run as the {@code postgres} user. The server listens on TCP only: a Unix-domain socket
 * in the data folder would fail to start once the checkout's path is long (a socket path has at
 * most 107 bytes), which is what happened in CI under {@code /check/work/main}.
 */
final class PostgresServer implements AutoCloseable {

	static final Path BIN = Path.of(System.getProperty("cluster.postgres-bin", "/usr/lib/postgresql/15/bin"));

	private final Path dir;

	private final int port;

	private PostgresServer(Path dir, int port) {
		this.dir = dir;
		this.port = port;
	}

	/**
	 * Creates a data folder under the given folder and starts the server on a free port.
	 * @param parent where the data folder goes
	 * @return the running server
	 * @throws IOException if the server could not be started
	 */
	static PostgresServer start(Path parent) throws IOException, InterruptedException {
		Files.createDirectories(parent);
		Path dir = Files.createTempDirectory(parent.toAbsolutePath(), "pg-");
		run("chown", "-R", "postgres", dir.toString());
		int port = freePort();
		PostgresServer server = new PostgresServer(dir, port);
		server.asPostgres(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust", "-U",
				"postgres");
		server.asPostgresOrLog(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
				dir.resolve("pg.log").toString(), "-o",
				"-p " + port + " -c unix_socket_directories='' -c listen_addresses=127.0.0.1 -c fsync=off"
						+ " -c max_connections=200",
				"-w", "start");
		return server;
	}

	/** @return the JDBC URL of the {@code postgres} database */
	String jdbcUrl() {
		return jdbcUrl(this.port);
	}

	static String jdbcUrl(int port) {
		return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
	}

	int port() {
		return this.port;
	}

	Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), "postgres", "");
	}

	/**
	 * Runs SQL statements separated by semicolons.
	 * @param sql the statements
	 */
	void execute(String sql) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			for (String one : sql.split(";")) {
				if (!one.isBlank()) {
					statement.execute(one);
				}
			}
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		asPostgres(BIN.resolve("pg_ctl").toString(), "-D", this.dir.resolve("data").toString(), "-m", "fast", "-w",
				"stop");
		run("rm", "-rf", this.dir.toString());
	}

	/**
	 * Runs a command as {@code postgres}; when it fails, the server log's last lines go into the
	 * exception, since {@code pg_ctl} itself only says "Examine the log output".
	 */
	private void asPostgresOrLog(String... command) throws IOException, InterruptedException {
		try {
			asPostgres(command);
		}
		catch (IOException ex) {
			Path log = this.dir.resolve("pg.log");
			if (Files.isReadable(log)) {
				List<String> lines = Files.readAllLines(log);
				ex.addSuppressed(new IOException("last lines of " + log + ":\n"
						+ String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()))));
			}
			throw ex;
		}
	}

	private void asPostgres(String... command) throws IOException, InterruptedException {
		List<String> all = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
		all.addAll(List.of(command));
		run(all.toArray(String[]::new));
	}

	private static void run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException(String.join(" ", command) + " failed: " + new String(output));
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
