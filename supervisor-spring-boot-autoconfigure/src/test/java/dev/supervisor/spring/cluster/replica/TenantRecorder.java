package dev.supervisor.spring.cluster.replica;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

	/** The incarnations running in this replica, for {@link #crash}. */
	private static final Map<TenantRecorder, ServiceContext> RUNNING = new ConcurrentHashMap<>();

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
		RUNNING.put(this, context);
	}

	/**
	 * Crashes some of the incarnations running here: each records its end, then fails.
	 * @param count how many
	 * @return how many crashed
	 */
	static int crash(int count) throws Exception {
		int crashed = 0;
		for (Map.Entry<TenantRecorder, ServiceContext> running : RUNNING.entrySet()) {
			if (crashed == count) {
				break;
			}
			if (RUNNING.remove(running.getKey()) != null) {
				running.getKey().recordStop();
				running.getValue().fail(new IllegalStateException("crashed by the test"));
				crashed++;
			}
		}
		return crashed;
	}

	@Override
	public void stop(ServiceContext context) throws Exception {
		if (RUNNING.remove(this) != null) {
			recordStop();
		}
	}

	private void recordStop() throws Exception {
		try (Connection connection = this.journal.getConnection(); PreparedStatement update = connection
			.prepareStatement("UPDATE child_runs SET stopped_at = clock_timestamp() WHERE id = ?")) {
			update.setLong(1, this.run);
			update.executeUpdate();
		}
	}

}
