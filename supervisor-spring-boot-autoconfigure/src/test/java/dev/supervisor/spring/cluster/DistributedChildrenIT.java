package dev.supervisor.spring.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A distributed dynamic tree of 1,000 children over three replicas (separate JVMs), with
 * per-child locks in a {@code JdbcLockRegistry} on a real PostgreSQL. Every incarnation of a
 * child writes its start and stop to the database; a killed replica's open rows end when the
 * test saw the process gone. In one run: the balance, a SIGTERM (children moved, none lost,
 * none doubled), a new replica joining (rebalanced, only the children that belong to it
 * move), a kill -9 (children back within the lock's time-to-live and a round), and a replica
 * cut off from the database (it stops its children before the others take them over). The
 * replicas serve the supervision endpoint: one that does not run a child names the replica
 * that does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributedChildrenIT {

	private static final int CHILDREN = Integer.getInteger("cluster.distributed.children", 1000);

	private static final Duration TTL = Duration.ofSeconds(10);

	private static final Duration HEARTBEAT = Duration.ofSeconds(1);

	private static final Duration STARTUP = Duration.ofMinutes(3);

	private final Path work = Path.of(System.getProperty("cluster.work-dir", "target/cluster-it"));

	private PostgresServer postgres;

	private final Map<String, Replica> replicas = new TreeMap<>();

	/** Spring Security is on this module's test class path; the replicas stand for apps without it. */
	private static final String NO_SECURITY = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration";

	private final Map<String, Timestamp> killedAt = new HashMap<>();

	/** The port of each replica's web server (its supervision endpoint). */
	private final Map<String, Integer> ports = new HashMap<>();

	/** Between each replica and the database, for its locks and membership (its children's journal is direct). */
	private final Map<String, TcpProxy> proxies = new HashMap<>();

	@BeforeAll
	void startDatabase() throws Exception {
		this.postgres = PostgresServer.start(this.work);
		String schema = new String(getClass().getResourceAsStream("/dev/supervisor/spring/cluster/schema-postgresql.sql")
			.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
		this.postgres.execute(schema + ";" + """
				CREATE TABLE INT_LOCK (LOCK_KEY CHAR(36) NOT NULL, REGION VARCHAR(100) NOT NULL, CLIENT_ID CHAR(36),
				  CREATED_DATE TIMESTAMP NOT NULL, EXPIRED_AFTER TIMESTAMP NOT NULL,
				  CONSTRAINT INT_LOCK_PK PRIMARY KEY (LOCK_KEY, REGION));
				CREATE TABLE child_runs (id BIGSERIAL PRIMARY KEY, child_id TEXT NOT NULL, replica TEXT NOT NULL,
				  started_at TIMESTAMPTZ NOT NULL, stopped_at TIMESTAMPTZ)""");
	}

	@AfterAll
	void stopAll() throws Exception {
		for (Replica replica : this.replicas.values()) {
			replica.kill();
		}
		this.proxies.values().forEach(TcpProxy::close);
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@Test
	void childrenSpreadOverTheReplicasAndMoveWhenOneLeavesJoinsOrDiesNeverLostNorDoubled() throws Exception {
		start("r1", 0);
		start("r2", 0);
		this.replicas.values().forEach((replica) -> replica.awaitStarted(STARTUP));
		start("r3", CHILDREN).awaitStarted(STARTUP);
		// r3 seeds them after it started.
		await().atMost(STARTUP).until(() -> wantedChildren() == CHILDREN);
		Map<String, Long> balance = awaitAllRunningOn(Set.of("r1", "r2", "r3"), STARTUP);
		report("1,000 children over 3 replicas: per replica " + balance + ", max/min "
				+ String.format("%.2f", max(balance.values()) / (double) min(balance.values())));
		assertThat(balance.values()).allSatisfy((count) -> assertThat(count).isBetween(250L, 420L));

		long before = now().getTime();
		long onR2 = balance.get("r2");
		this.replicas.get("r2").terminate();
		Map<String, Long> afterLeave = awaitAllRunningOn(Set.of("r1", "r3"), TTL.multipliedBy(6));
		long handoff = lastStart() - before;
		assertThat(this.replicas.remove("r2").awaitExit(60)).isTrue();
		report("SIGTERM of r2: its " + onR2 + " children moved in " + handoff + " ms (" + (onR2 * 1000 / handoff)
				+ " children/s); now " + afterLeave);

		Timestamp joined = now();
		start("r4", 0).awaitStarted(STARTUP);
		Map<String, Long> afterJoin = awaitAllRunningOn(Set.of("r1", "r3", "r4"), TTL.multipliedBy(6));
		long stoppedForJoin = stoppedSince(joined);
		report("r4 joined: " + afterJoin + "; " + stoppedForJoin + " children stopped elsewhere for it");
		// Only the children that belong to the new replica moved.
		assertThat(stoppedForJoin).isEqualTo(afterJoin.get("r4"));
		operatorActionsOnAChildOfAnotherReplicaNameThatReplica("r1", "r4");

		long onR3 = afterJoin.get("r3");
		Timestamp beforeKill = now();
		this.replicas.get("r3").kill();
		this.killedAt.put("r3", now());
		this.replicas.remove("r3");
		Map<String, Long> afterKill = awaitAllRunningOn(Set.of("r1", "r4"), TTL.multipliedBy(6));
		long failover = lastStart() - beforeKill.getTime();
		report("kill -9 of r3: its " + onR3 + " children back on " + afterKill + " " + failover
				+ " ms after the kill (lock ttl " + TTL.toMillis() + " ms, rounds every " + HEARTBEAT.toMillis() + " ms)");
		assertThat(failover).isLessThan(TTL.plus(HEARTBEAT.multipliedBy(10)).toMillis());

		// The tree gives up on r1 (4 crashes within its intensity of 3 in 5 s; on-give-up
		// stay-down): r1 hands its partitions over, and no child is lost or removed from the
		// cluster. Started again by an operator, r1 takes part again.
		long onR1 = afterKill.get("r1");
		Timestamp beforeGiveUp = now();
		assertThat(post("r1", "/crash?count=4", "")).isEqualTo("4");
		Map<String, Long> afterGiveUp = awaitAllRunningOn(Set.of("r4"), TTL.multipliedBy(6));
		report("the tree gave up on r1: its " + onR1 + " children running on " + afterGiveUp + " "
				+ (lastStart() - beforeGiveUp.getTime()) + " ms after the crashes");
		assertThat(wantedChildren()).isEqualTo(CHILDREN);
		HttpResponse<String> started = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.ports.get("r1") + "/actuator/supervision/tenants"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"action\": \"start\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
		afterKill = awaitAllRunningOn(Set.of("r1", "r4"), TTL.multipliedBy(6));
		report("started again on r1 by an operator: " + afterKill);

		// An operator terminates one child on the replica that runs it: it ends for the
		// cluster (removed from it, started nowhere else).
		String[] ending = new String[1];
		query("SELECT child_id FROM child_runs WHERE stopped_at IS NULL AND replica = 'r1' LIMIT 1",
				(row) -> ending[0] = row.getString(1));
		HttpResponse<String> terminated = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(endpoint("r1", ending[0]))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"action\": \"terminate\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(terminated.statusCode()).as(terminated.body()).isEqualTo(200);
		await().atMost(TTL).until(() -> wantedChildren() == CHILDREN - 1);
		afterKill = awaitAllRunningOn(Set.of("r1", "r4"), TTL.multipliedBy(6));
		assertThat(openRunsOfChild(ending[0])).as(() -> runsOf(ending[0])).isZero();
		report("terminated " + ending[0] + " through r1's endpoint: removed from the cluster, now " + afterKill);

		Timestamp beforeCut = now();
		long onR4 = afterKill.get("r4");
		this.proxies.get("r4").cut();
		Map<String, Long> afterCut = awaitAllRunningOn(Set.of("r1"), TTL.multipliedBy(6));
		report("r4 cut off from the database: its " + onR4 + " children stopped there and back on " + afterCut + " "
				+ (lastStart() - beforeCut.getTime()) + " ms after the cut");
		assertThat(openRunsOf("r4")).as("children still running on the cut-off replica").isZero();

		// A deploy while the database does not answer: the hand-over cannot reach the store (each of
		// its statements waits for the socket timeout, and it has one per partition), yet the
		// replica's tree lets go of it after the bound (the lock's time-to-live), so the context's
		// close goes on. Before, the leave waited for the lifecycle's 30 s phase timeout, and then
		// beans were destroyed while the hand-over still went on. (What the application's own beans
		// do with the unreachable store on close, such as a DefaultLockRepository deleting its locks
		// through the pool, is theirs; the process is killed at the end of the test.)
		long sigterm = System.nanoTime();
		Replica cutOff = this.replicas.get("r4");
		cutOff.terminate();
		await().atMost(TTL.multipliedBy(2))
			.until(() -> Files.readString(cutOff.log()).contains("could not hand its children over within"));
		report("SIGTERM of r4 while cut off from the database: its tree let go of the store "
				+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm) + " ms after the signal (bound: "
				+ TTL.toMillis() + " ms)");

		List<String> overlaps = overlaps();
		report("overlaps (a child running on two replicas at once): " + overlaps.size());
		assertThat(overlaps).isEmpty();
	}

	/**
	 * The endpoint of a replica that does not run a child answers with the replica that does:
	 * 404 to read it, 409 to act on it; the replica that runs it shows it.
	 */
	private void operatorActionsOnAChildOfAnotherReplicaNameThatReplica(String asked, String runs) throws Exception {
		String[] child = new String[1];
		query("SELECT child_id FROM child_runs WHERE stopped_at IS NULL AND replica = '" + runs + "' LIMIT 1",
				(row) -> child[0] = row.getString(1));
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> action = http.send(HttpRequest.newBuilder(endpoint(asked, child[0]))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"action\": \"restart\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(action.statusCode()).as(action.body()).isEqualTo(409);
		assertThat(action.body()).contains("runs on replica '" + runs + "'").contains("not on this replica ('" + asked + "')");
		HttpResponse<String> read = http.send(HttpRequest.newBuilder(endpoint(asked, child[0])).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(read.statusCode()).isEqualTo(404);
		assertThat(read.body()).contains("runs on replica '" + runs + "'");
		HttpResponse<String> there = http.send(HttpRequest.newBuilder(endpoint(runs, child[0])).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(there.statusCode()).as(there.body()).isEqualTo(200);
		HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(endpoint(asked, "no-such-child")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).doesNotContain("runs on replica");
		for (String treeAction : List.of("terminate", "restart")) {
			// The whole tree on one replica: refused while it runs there (its children would stop
			// there while their partitions stay with it).
			HttpResponse<String> onTree = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
					+ this.ports.get(asked) + "/actuator/supervision/tenants"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"action\": \"" + treeAction + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(onTree.statusCode()).as(onTree.body()).isEqualTo(409);
			assertThat(onTree.body()).contains("is distributed over the replicas").contains("DistributedSupervisor");
		}
		report("operator actions on " + runs + "'s child " + child[0] + " through " + asked + ": " + action.statusCode()
				+ " naming " + runs + "; terminate and restart of the whole tree there: 409");
	}

	private URI endpoint(String replica, String child) {
		return URI.create("http://127.0.0.1:" + this.ports.get(replica) + "/actuator/supervision/tenants/" + child);
	}

	private Replica start(String id, int seed) throws IOException {
		Path logs = Files.createDirectories(this.work.resolve("logs").resolve("distributed"));
		TcpProxy proxy = new TcpProxy(this.postgres.port());
		this.proxies.put(id, proxy);
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		this.ports.put(id, port);
		Replica replica = Replica.start(id, logs, List.of("spring.main.web-application-type=servlet",
				"server.address=127.0.0.1", "server.port=" + port, NO_SECURITY,
				"management.endpoints.web.exposure.include=supervision",
				"management.endpoint.supervision.access=unrestricted", "spring.main.banner-mode=off",
				// As the README advises for the lock store: a statement on a partitioned connection fails
				// after a socket timeout, and the pool waits briefly for a connection.
				"spring.datasource.url=" + PostgresServer.jdbcUrl(proxy.port()) + "?socketTimeout=5",
				"spring.datasource.hikari.connection-timeout=2000", "replica.journal-url=" + this.postgres.jdbcUrl(),
				"replica.seed=" + seed, "supervision.cluster.lock-ttl=" + TTL.toMillis() + "ms",
				"supervision.cluster.heartbeat=" + HEARTBEAT.toMillis() + "ms",
				"supervision.lifecycle.enforce-shutdown-budget=true", "supervision.trees.tenants.type=dynamic",
				"supervision.trees.tenants.cluster=distributed", "supervision.trees.tenants.template.bean=tenantRecorder",
				"supervision.trees.tenants.template.shutdown=3s", "logging.level.dev.supervisor.Supervisor=WARN"));
		this.replicas.put(id, replica);
		return replica;
	}

	/**
	 * Waits until every child the cluster has ({@code SUPERVISION_CHILD}) has exactly one open
	 * run, and no other child one, on the replica it belongs to among the given ones (rendezvous hashing of its partition, as the replicas place them).
	 * @return the open runs per replica
	 */
	private Map<String, Long> awaitAllRunningOn(Set<String> replicas, Duration within) {
		List<String> members = replicas.stream().sorted().toList();
		return await().atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> {
			Map<String, Long> counts = new TreeMap<>();
			boolean[] misplaced = new boolean[1];
			Set<String> children = new java.util.HashSet<>();
			query("SELECT child_id, replica FROM child_runs WHERE stopped_at IS NULL", (row) -> {
				String replica = row.getString(2);
				if (this.killedAt.containsKey(replica)) {
					return;
				}
				counts.merge(replica, 1L, Long::sum);
				children.add(row.getString(1));
				misplaced[0] |= !replica.equals(Rendezvous.owner(row.getString(1), ClusterSettings.DEFAULT_PARTITIONS, members));
			});
			long total = counts.values().stream().mapToLong(Long::longValue).sum();
			long wanted = wantedChildren();
			return (!misplaced[0] && total == wanted && children.size() == wanted) ? counts : null;
		}, java.util.Objects::nonNull);
	}

	private long openRunsOf(String replica) throws SQLException {
		long[] count = new long[1];
		query("SELECT count(*) FROM child_runs WHERE stopped_at IS NULL AND replica = '" + replica + "'",
				(row) -> count[0] = row.getLong(1));
		return count[0];
	}

	private String runsOf(String child) {
		StringBuilder runs = new StringBuilder("runs of " + child + ":");
		try {
			query("SELECT replica, started_at, stopped_at FROM child_runs WHERE child_id = '" + child + "' ORDER BY id",
					(row) -> runs.append(" [").append(row.getString(1)).append(' ').append(row.getTimestamp(2))
						.append(" - ").append(row.getTimestamp(3)).append(']'));
		}
		catch (SQLException ex) {
			runs.append(ex);
		}
		return runs.toString();
	}

	/** Open runs of a child on replicas that were not killed (a killed one's rows stay open). */
	private long openRunsOfChild(String child) throws SQLException {
		long[] count = new long[1];
		query("SELECT replica FROM child_runs WHERE stopped_at IS NULL AND child_id = '" + child + "'", (row) -> {
			if (!this.killedAt.containsKey(row.getString(1))) {
				count[0]++;
			}
		});
		return count[0];
	}

	private long wantedChildren() throws SQLException {
		long[] count = new long[1];
		query("SELECT count(*) FROM SUPERVISION_CHILD WHERE TREE = 'tenants'", (row) -> count[0] = row.getLong(1));
		return count[0];
	}

	private String post(String replica, String path, String body) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.ports.get(replica) + path))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	private long stoppedSince(Timestamp since) throws SQLException {
		long[] count = new long[1];
		query("SELECT count(*) FROM child_runs WHERE stopped_at >= '" + since + "'", (row) -> count[0] = row.getLong(1));
		return count[0];
	}

	private long lastStart() throws SQLException {
		long[] last = new long[1];
		query("SELECT max(started_at) FROM child_runs", (row) -> last[0] = row.getTimestamp(1).getTime());
		return last[0];
	}

	/** Pairs of runs of one child whose intervals overlap. */
	private List<String> overlaps() throws SQLException {
		Map<String, List<Timestamp[]>> runs = new HashMap<>();
		query("SELECT child_id, replica, started_at, stopped_at FROM child_runs ORDER BY child_id, started_at",
				(row) -> {
					Timestamp end = row.getTimestamp(4);
					if (end == null) {
						end = this.killedAt.get(row.getString(2));
					}
					runs.computeIfAbsent(row.getString(1), (id) -> new ArrayList<>())
						.add(new Timestamp[] { row.getTimestamp(3), end });
				});
		List<String> overlaps = new ArrayList<>();
		runs.forEach((child, intervals) -> {
			for (int i = 1; i < intervals.size(); i++) {
				Timestamp previousEnd = intervals.get(i - 1)[1];
				if (previousEnd == null || intervals.get(i)[0].before(previousEnd)) {
					overlaps.add(child + " #" + i);
				}
			}
		});
		return overlaps;
	}

	private Timestamp now() throws SQLException {
		Timestamp[] now = new Timestamp[1];
		query("SELECT clock_timestamp()", (row) -> now[0] = row.getTimestamp(1));
		return now[0];
	}

	private void query(String sql, RowHandler handler) throws SQLException {
		try (Connection connection = this.postgres.connect(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			while (result.next()) {
				handler.handle(result);
			}
		}
	}

	private void report(String line) throws IOException {
		System.out.println("[cluster] " + line);
		Files.writeString(this.work.resolve("distributed-report.txt"), "[cluster] " + line + System.lineSeparator(),
				StandardOpenOption.CREATE, StandardOpenOption.APPEND);
	}

	private static long max(Collection<Long> values) {
		return values.stream().mapToLong(Long::longValue).max().orElse(0);
	}

	private static long min(Collection<Long> values) {
		return values.stream().mapToLong(Long::longValue).min().orElse(0);
	}

	@FunctionalInterface
	private interface RowHandler {

		void handle(ResultSet row) throws SQLException;

	}

}
