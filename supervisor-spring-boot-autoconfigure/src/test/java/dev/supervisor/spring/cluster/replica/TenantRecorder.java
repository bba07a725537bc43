package dev.supervisor.spring.cluster.replica;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import javax.sql.DataSource;

import dev.supervisor.Service;
import dev.supervisor.ServiceContext;

/**
 * A child of the distributed tree {@code tenants}: records each of its incarnations (child,
 * replica, start, stop) in the {@code child_runs} table, with the database's clock.
 */
public class TenantRecorder implements Service {

	private final DataSource journal;

	private final String replica;

	private long run;

	TenantRecorder(DataSource journal, String replica) {
		this.journal = journal;
		this.replica = replica;
	}

	@Override
	public void start(ServiceContext context) throws Exception {
		String path = context.path();
		try (Connection connection = this.journal.getConnection();
				PreparedStatement insert = connection.prepareStatement("INSERT INTO child_runs (child_id, replica, "
						+ "started_at) VALUES (?, ?, clock_timestamp()) RETURNING id")) {
			insert.setString(1, path.substring(path.lastIndexOf('/') + 1));
			insert.setString(2, this.replica);
			try (ResultSet result = insert.executeQuery()) {
				result.next();
				this.run = result.getLong(1);
			}
		}
	}

	@Override
	public void stop(ServiceContext context) throws Exception {
		try (Connection connection = this.journal.getConnection(); PreparedStatement update = connection
			.prepareStatement("UPDATE child_runs SET stopped_at = clock_timestamp() WHERE id = ?")) {
			update.setLong(1, this.run);
			update.executeUpdate();
		}
	}

}
