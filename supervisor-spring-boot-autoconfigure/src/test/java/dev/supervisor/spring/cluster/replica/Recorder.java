package dev.supervisor.spring.cluster.replica;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import dev.supervisor.ChildContext;
import dev.supervisor.Worker;

/**
 * A worker that records its incarnation in the {@code singleton_runs} table: a row with the
 * database's time when it starts, the stop time when it is stopped. A killed replica leaves
 * its row open; the test closes it with the time it saw the process gone.
 */
public class Recorder implements Worker {

	private final String url;

	private final String replica;

	Recorder(String url, String replica) {
		this.url = url;
		this.replica = replica;
	}

	@Override
	public void run(ChildContext context) throws Exception {
		try (Connection connection = DriverManager.getConnection(this.url, "postgres", "")) {
			long id;
			try (PreparedStatement insert = connection.prepareStatement(
					"INSERT INTO singleton_runs (replica, started_at) VALUES (?, clock_timestamp()) RETURNING id")) {
				insert.setString(1, this.replica);
				try (ResultSet result = insert.executeQuery()) {
					result.next();
					id = result.getLong(1);
				}
			}
			try {
				while (!context.stopRequested()) {
					Thread.sleep(60_000);
				}
			}
			catch (InterruptedException ex) {
				// Stop requested.
			}
			finally {
				stopped(connection, id);
			}
		}
	}

	private static void stopped(Connection connection, long id) throws SQLException {
		try (PreparedStatement update = connection
			.prepareStatement("UPDATE singleton_runs SET stopped_at = clock_timestamp() WHERE id = ?")) {
			update.setLong(1, id);
			update.executeUpdate();
		}
	}

}
