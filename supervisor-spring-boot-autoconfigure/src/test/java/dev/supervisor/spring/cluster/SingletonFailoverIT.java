package dev.supervisor.spring.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A singleton tree over three replicas, each a separate JVM, electing its leader through a
 * {@code JdbcLockRegistry} on a real PostgreSQL. Every incarnation of the tree's child
 * writes its start and stop to the database (the database's clock); a killed replica's
 * open row ends when the test saw the process gone. Overlapping rows are moments with two
 * replicas running the tree.
 * <p>
 * {@code -Dcluster.failover.iterations=20} runs the kill loop of the README's figures (CI
 * runs fewer).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SingletonFailoverIT {

	private static final Duration TTL = Duration.ofSeconds(4);

	private static final Duration HEARTBEAT = Duration.ofMillis(250);

	/** Three JVMs starting at once on two busy cores can take a while. */
	private static final Duration STARTUP = Duration.ofMinutes(3);

	private static final int ITERATIONS = Integer.getInteger("cluster.failover.iterations", 5);

	private final Path work = Path.of(System.getProperty("cluster.work-dir", "target/cluster-it"));

	private PostgresServer postgres;

	private final List<Replica> replicas = new ArrayList<>();

	private final Map<String, TcpProxy> proxies = new HashMap<>();

	/** When the test saw each killed replica gone, in the database's time. */
	private final Map<String, Timestamp> killedAt = new HashMap<>();

	private int nextReplica = 1;

	@BeforeAll
	void startDatabase() throws Exception {
		this.postgres = PostgresServer.start(this.work);
		this.postgres.execute("""
				CREATE TABLE INT_LOCK (LOCK_KEY CHAR(36) NOT NULL, REGION VARCHAR(100) NOT NULL, CLIENT_ID CHAR(36),
				  CREATED_DATE TIMESTAMP NOT NULL, EXPIRED_AFTER TIMESTAMP NOT NULL,
				  CONSTRAINT INT_LOCK_PK PRIMARY KEY (LOCK_KEY, REGION));
				CREATE TABLE singleton_runs (id BIGSERIAL PRIMARY KEY, replica TEXT NOT NULL,
				  started_at TIMESTAMPTZ NOT NULL, stopped_at TIMESTAMPTZ)""");
	}

	@BeforeEach
	void freshTables() throws Exception {
		this.postgres.execute("DELETE FROM INT_LOCK; DELETE FROM singleton_runs");
		this.killedAt.clear();
	}

	@AfterEach
	void stopReplicas() throws InterruptedException {
		for (Replica replica : this.replicas) {
			replica.kill();
		}
		this.replicas.clear();
		this.proxies.values().forEach(TcpProxy::close);
		this.proxies.clear();
	}

	@AfterAll
	void stopDatabase() throws Exception {
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@Test
	void killedLeaderFailsOverToAnotherReplicaEveryTimeWithoutTwoRunningAtOnce() throws Exception {
		startReplicas(3);
		Run current = awaitOpenRun(null, STARTUP);
		List<Long> failovers = new ArrayList<>();
		for (int i = 0; i < ITERATIONS; i++) {
			Replica leader = replica(current.replica());
			Timestamp before = now();
			leader.kill();
			this.killedAt.put(leader.id(), now());
			this.replicas.remove(leader);
			Run next = awaitOpenRun(current, TTL.multipliedBy(3).plusSeconds(10));
			assertThat(next.replica()).isNotEqualTo(leader.id());
			failovers.add(next.startedAt().getTime() - before.getTime());
			// Three replicas again before the next kill: two standbys that take part.
			startReplica().awaitStarted(STARTUP);
			current = next;
		}
		List<Run> runs = runs();
		report("kill -9 of the leader, " + ITERATIONS + " times", failovers, runs);
		assertThat(runs).hasSize(ITERATIONS + 1);
		assertThat(overlaps(runs)).as("moments with two replicas running the tree").isEmpty();
	}

	@Test
	void leaderLeavingOnSigtermHandsOverOnlyAfterTheTreeStoppedThere() throws Exception {
		startReplicas(3);
		Run first = awaitOpenRun(null, STARTUP);
		Replica leader = replica(first.replica());
		Timestamp before = now();
		leader.terminate();
		Run next = awaitOpenRun(first, TTL.multipliedBy(3).plusSeconds(30));
		assertThat(leader.awaitExit(30)).isTrue();
		this.replicas.remove(leader);
		List<Run> runs = runs();
		Run stopped = runs.get(0);
		assertThat(stopped.stoppedAt()).as("the tree stopped on the leaving replica").isNotNull();
		assertThat(stopped.stoppedAt()).isBeforeOrEqualTo(next.startedAt());
		// Handed over as soon as the tree stopped (the lock was released), not once the lock expired: the
		// leader kept renewing it while the tree stopped, so an expiry would take about the time-to-live.
		assertThat(next.startedAt().getTime() - stopped.stoppedAt().getTime())
			.isLessThan(TTL.minus(HEARTBEAT.multipliedBy(2)).toMillis());
		report("SIGTERM of the leader (handover)", List.of(next.startedAt().getTime() - before.getTime()), runs);
		assertThat(overlaps(runs)).isEmpty();
	}

	@Test
	void leaderCutOffFromTheLockStoreStopsTheTreeBeforeAnotherReplicaTakesItOver() throws Exception {
		startReplicas(3);
		Run first = awaitOpenRun(null, STARTUP);
		this.proxies.get(first.replica()).cut();
		Run next = awaitOpenRun(first, TTL.multipliedBy(3).plusSeconds(10));
		assertThat(next.replica()).isNotEqualTo(first.replica());
		List<Run> runs = runs();
		Run cutOff = runs.get(0);
		assertThat(cutOff.stoppedAt()).as("the cut-off leader stopped its tree by itself").isNotNull();
		assertThat(cutOff.stoppedAt()).isBeforeOrEqualTo(next.startedAt());
		// Healed, the old leader finds another holder and stays a standby.
		this.proxies.get(first.replica()).heal();
		await().during(TTL).atMost(TTL.multipliedBy(3)).until(() -> runs().size() == 2);
		assertThat(overlaps(runs())).isEmpty();
	}

	private void startReplicas(int count) throws IOException {
		for (int i = 0; i < count; i++) {
			startReplica();
		}
		for (Replica replica : this.replicas) {
			replica.awaitStarted(STARTUP);
		}
	}

	private Replica startReplica() throws IOException {
		String id = "r" + this.nextReplica++;
		TcpProxy proxy = new TcpProxy(this.postgres.port());
		this.proxies.put(id, proxy);
		Path logs = Files.createDirectories(this.work.resolve("logs").resolve("singleton"));
		Replica replica = Replica.start(id, logs, List.of("spring.main.web-application-type=none",
				"spring.main.keep-alive=true", "spring.main.banner-mode=off",
				"spring.datasource.url=" + PostgresServer.jdbcUrl(proxy.port()), "replica.journal-url=" + this.postgres.jdbcUrl(),
				"supervision.cluster.lock-ttl=" + TTL.toMillis() + "ms",
				"supervision.cluster.heartbeat=" + HEARTBEAT.toMillis() + "ms",
				"supervision.lifecycle.enforce-shutdown-budget=true", "supervision.trees.relay.cluster=singleton",
				"supervision.trees.relay.children[0].id=recorder", "supervision.trees.relay.children[0].bean=recorder",
				"supervision.trees.relay.children[0].shutdown=1s"));
		this.replicas.add(replica);
		return replica;
	}

	private Replica replica(String id) {
		return this.replicas.stream().filter((r) -> r.id().equals(id)).findFirst().orElseThrow();
	}

	/** Waits for a run that is open and started after the given one. */
	private Run awaitOpenRun(Run after, Duration within) {
		return await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> {
			List<Run> open = runs().stream()
				.filter((run) -> run.stoppedAt() == null && !this.killedAt.containsKey(run.replica()))
				.filter((run) -> after == null || run.id() > after.id())
				.toList();
			return open.isEmpty() ? null : open.get(0);
		}, java.util.Objects::nonNull);
	}

	private List<Run> runs() throws SQLException {
		List<Run> runs = new ArrayList<>();
		try (Connection connection = this.postgres.connect(); Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("SELECT id, replica, started_at, stopped_at FROM singleton_runs ORDER BY id")) {
			while (result.next()) {
				runs.add(new Run(result.getLong(1), result.getString(2), result.getTimestamp(3),
						result.getTimestamp(4)));
			}
		}
		return runs;
	}

	private Timestamp now() throws SQLException {
		try (Connection connection = this.postgres.connect(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT clock_timestamp()")) {
			result.next();
			return result.getTimestamp(1);
		}
	}

	/** Pairs of runs on different replicas whose intervals overlap. */
	private List<String> overlaps(List<Run> runs) {
		List<String> overlaps = new ArrayList<>();
		List<Run> sorted = runs.stream().sorted(Comparator.comparing(Run::startedAt)).toList();
		for (int i = 0; i < sorted.size(); i++) {
			for (int j = i + 1; j < sorted.size(); j++) {
				Run a = sorted.get(i);
				Run b = sorted.get(j);
				Optional<Timestamp> end = end(a);
				if (end.isEmpty() || b.startedAt().before(end.get())) {
					overlaps.add(a + " overlaps " + b);
				}
			}
		}
		return overlaps;
	}

	private Optional<Timestamp> end(Run run) {
		if (run.stoppedAt() != null) {
			return Optional.of(run.stoppedAt());
		}
		return Optional.ofNullable(this.killedAt.get(run.replica()));
	}

	/** Prints the figures, and appends them to {@code failover-report.txt} in the work folder. */
	private void report(String scenario, List<Long> failovers, List<Run> runs) throws IOException {
		List<Long> sorted = failovers.stream().sorted().toList();
		long p50 = sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1);
		long p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
		String line = String.format("[cluster] %s: failover p50 %d ms, p99 %d ms, max %d ms (lock ttl %d ms, "
				+ "heartbeat %d ms); %d runs, %d overlaps; failovers (ms) %s%n", scenario, p50, p99,
				sorted.get(sorted.size() - 1), TTL.toMillis(), HEARTBEAT.toMillis(), runs.size(), overlaps(runs).size(),
				failovers);
		System.out.print(line);
		Files.writeString(this.work.resolve("failover-report.txt"), line, java.nio.file.StandardOpenOption.CREATE,
				java.nio.file.StandardOpenOption.APPEND);
	}

	record Run(long id, String replica, Timestamp startedAt, Timestamp stoppedAt) {
	}

}
