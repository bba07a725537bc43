package dev.supervisor.demo.e2e;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM under load: while clients keep posting messages, the demo gets SIGTERM and
 * must exit by itself within its shutdown budget, stopping its trees' children in
 * reverse start order, with every message that got a 202 in the journal exactly once,
 * and no producer abandoned ({@code killed}).
 * <p>
 * Repeated, alternating two producer settings: odd repetitions flush continuously (a
 * short linger), so shutdown races with flushes in flight; even ones never flush before
 * shutdown (an hour of linger, batches larger than the backlog), so the backlogs are full
 * (and new messages refused with a 503) when SIGTERM comes, and everything accepted is
 * written by the producers on their way out.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "Process.destroy() is not SIGTERM on Windows")
class ShutdownUnderLoadIT {

	/**
	 * The most shutdown may take: spring.lifecycle.timeout-per-shutdown-phase in
	 * application.yml; the ingest tree's worst case (29s) fits in it.
	 */
	private static final Duration SHUTDOWN_BUDGET = Duration.ofSeconds(30);

	/** The JVM's exit status after SIGTERM once its shutdown hooks have run: 128 + 15. */
	private static final int SIGTERM_EXIT_STATUS = 143;

	private static final int CLIENTS = 4;

	private static final Pattern FLUSHED = Pattern
		.compile("Producer (\\S+) stopping: flushed its backlog of (\\d+) accepted messages");

	private static final JsonMapper json = JsonMapper.builder().build();

	private DemoProcess demo;

	private ExecutorService clients;

	@AfterEach
	void cleanUp() throws InterruptedException {
		if (this.clients != null) {
			this.clients.shutdownNow();
			this.clients.awaitTermination(30, TimeUnit.SECONDS);
		}
		if (this.demo != null) {
			this.demo.close();
		}
	}

	@RepeatedTest(6)
	void sigtermUnderLoadLosesAndDuplicatesNoAcceptedMessageAndStopsChildrenInReverseOrder(RepetitionInfo repetition)
			throws Exception {
		boolean flushOnlyOnShutdown = repetition.getCurrentRepetition() % 2 == 0;
		String[] settings = flushOnlyOnShutdown
				? new String[] { "--demo.ingest.linger=1h", "--demo.ingest.batch-size=100000",
						"--demo.ingest.backlog-capacity=500" }
				: new String[] { "--demo.ingest.linger=5ms", "--demo.ingest.batch-size=50" };
		this.demo = DemoProcess.start("shutdown-under-load-" + repetition.getCurrentRepetition(), settings);
		Load load = new Load(this.demo);
		this.clients = Executors.newFixedThreadPool(CLIENTS);
		List<Future<?>> running = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			int client = i;
			running.add(this.clients.submit(() -> load.run(client)));
		}
		await("messages accepted under load").atMost(Duration.ofSeconds(60))
			.until(() -> flushOnlyOnShutdown ? load.refusedFull.get() > 0 : load.accepted.size() >= 1000);

		long sigterm = System.nanoTime();
		load.sigtermSent.set(true);
		this.demo.sigterm();
		boolean exited = this.demo.awaitExit(SHUTDOWN_BUDGET);
		Duration took = Duration.ofNanos(System.nanoTime() - sigterm);
		assertThat(exited).as("the demo exits by itself within %s of SIGTERM; see %s", SHUTDOWN_BUDGET, this.demo.log())
			.isTrue();
		assertThat(this.demo.exitValue()).as("exit status after SIGTERM (%s to stop)", took)
			.isEqualTo(SIGTERM_EXIT_STATUS);
		load.stop.set(true);
		for (Future<?> client : running) {
			client.get(30, TimeUnit.SECONDS);
		}

		System.out.printf("repetition %d (%s): %d accepted, %d refused (backlog full), %d turned away after "
				+ "SIGTERM; stopped %s after SIGTERM%n", repetition.getCurrentRepetition(),
				flushOnlyOnShutdown ? "flush only on shutdown" : "continuous flushes", load.accepted.size(),
				load.refusedFull.get(), load.turnedAway.get(), took);
		assertThat(load.unexpected).as("responses before SIGTERM other than 202 and a full backlog's 503").isEmpty();
		assertThat(load.accepted).isNotEmpty();
		Map<String, Integer> journal = JournalContents.idCounts(this.demo.journalDirectory());
		List<String> missing = load.accepted.stream().filter((id) -> !journal.containsKey(id)).sorted().toList();
		assertThat(missing).as("accepted (202) messages missing from the journal").isEmpty();
		List<String> duplicated = journal.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() > 1)
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
		assertThat(duplicated).as("messages written to the journal more than once").isEmpty();
		// Each client has at most one request in flight: at most that many accepted
		// messages may have had their 202 cut off by the shutdown.
		assertThat(journal.size()).as("messages in the journal").isBetween(load.accepted.size(),
				load.accepted.size() + CLIENTS);

		List<String> log = this.demo.logLines();
		assertThat(log).noneMatch((line) -> line.contains("reason=killed"))
			.noneMatch((line) -> line.contains("abandoned by its supervisor"));
		assertReverseStopOrder(new SupervisionLogLines(log));
		int flushedOnTheWayOut = flushedOnTheWayOut(log);
		if (flushOnlyOnShutdown) {
			assertThat(load.refusedFull.get()).as("messages refused with a 503 once the backlogs were full")
				.isPositive();
			assertThat(flushedOnTheWayOut).as("messages the producers flushed on their way out")
				.isEqualTo(journal.size())
				.isGreaterThanOrEqualTo(load.accepted.size());
		}
	}

	/**
	 * Under every supervisor, children stopped in the reverse of the order they started;
	 * trees stopped in the reverse of their declaration order.
	 */
	private static void assertReverseStopOrder(SupervisionLogLines lines) {
		Map<String, List<String>> started = lines.childrenByParent("started");
		Map<String, List<String>> stopped = lines.childrenByParent("stopped");
		assertThat(started).containsKeys("kv", "ingest", "ingest/producers", "facts", "facts/consumers");
		for (Map.Entry<String, List<String>> entry : started.entrySet()) {
			List<String> reverse = new ArrayList<>(entry.getValue());
			Collections.reverse(reverse);
			assertThat(stopped.get(entry.getKey())).as("children of %s in stop order", entry.getKey())
				.containsExactlyElementsOf(reverse);
		}
		assertThat(stopped.get("ingest/producers")).containsExactly("ingest/producers/p-2", "ingest/producers/p-1",
				"ingest/producers/p-0");
		assertThat(lines.stopped()).allSatisfy((line) -> assertThat(line.reason()).isEqualTo("shutdown"));
		assertThat(lines.treesStopped()).containsExactly("facts", "ingest", "kv");
	}

	private static int flushedOnTheWayOut(List<String> log) {
		int total = 0;
		for (String line : log) {
			Matcher matcher = FLUSHED.matcher(line);
			if (matcher.find()) {
				total += Integer.parseInt(matcher.group(2));
			}
		}
		return total;
	}

	/**
	 * Clients posting messages as fast as the demo takes them, until it stops answering
	 * after SIGTERM.
	 */
	static final class Load {

		private final DemoProcess demo;

		private final HttpClient http;

		final Set<String> accepted = ConcurrentHashMap.newKeySet();

		final AtomicInteger refusedFull = new AtomicInteger();

		final AtomicInteger turnedAway = new AtomicInteger();

		final List<String> unexpected = new CopyOnWriteArrayList<>();

		final AtomicBoolean sigtermSent = new AtomicBoolean();

		final AtomicBoolean stop = new AtomicBoolean();

		Load(DemoProcess demo) {
			this.demo = demo;
			this.http = demo.http();
		}

		void run(int client) {
			int n = 0;
			while (!this.stop.get() && !Thread.currentThread().isInterrupted()) {
				String payload = "client " + client + " message " + (n++);
				HttpRequest request = this.demo.request("/messages")
					.timeout(Duration.ofSeconds(10))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"payload\":\"" + payload + "\"}"))
					.build();
				HttpResponse<String> response;
				try {
					response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
				}
				catch (IOException ex) {
					if (this.sigtermSent.get()) {
						// The server has stopped taking requests.
						return;
					}
					this.unexpected.add("before SIGTERM: " + ex);
					return;
				}
				catch (InterruptedException ex) {
					return;
				}
				if (response.statusCode() == 202) {
					String id = json.readTree(response.body()).path("id").asString();
					this.accepted.add(id);
				}
				else if (response.statusCode() == 503 && response.body().contains("is full")
						&& "1".equals(response.headers().firstValue("Retry-After").orElse(null))) {
					this.refusedFull.incrementAndGet();
				}
				else if (this.sigtermSent.get()) {
					// Once shutdown began, the server may turn requests away (Tomcat answers
					// some with its own 400 or 503): they were not accepted, and that is all
					// that matters.
					this.turnedAway.incrementAndGet();
				}
				else {
					this.unexpected.add(response.statusCode() + " " + response.body());
				}
			}
		}

	}

}
