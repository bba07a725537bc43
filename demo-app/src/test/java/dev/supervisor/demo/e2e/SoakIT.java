package dev.supervisor.demo.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The long soak, not in CI ({@code demo-app/soak.sh [minutes]} runs it): rounds of a minute
 * of chaos under load (as {@link ChaosIT}), each ending with the trees healed. It holds that
 * no node is stuck (every round heals within a minute), the demo's heap floor and live
 * threads stay flat, no request gets a 5xx but a refusal's 503, health is DOWN exactly while
 * a root tree has failed, and, after SIGTERM, every message answered 202 is in the journal
 * exactly once.
 */
@EnabledIfSystemProperty(named = "soak.minutes", matches = "[1-9][0-9]*")
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "Process.destroy() is not SIGTERM on Windows")
class SoakIT {

	private static final Duration ROUND = Duration.ofMinutes(1);

	private static final Pattern GAUGE = Pattern.compile("(?m)^(\\w+)(\\{[^}]*})? ([0-9.E+-]+)$");

	private final long seed = Long.getLong("chaos.seed", System.nanoTime());

	private final List<AutoCloseable> cleanUp = new ArrayList<>();

	@AfterEach
	void cleanUp() throws Exception {
		for (int i = this.cleanUp.size() - 1; i >= 0; i--) {
			this.cleanUp.get(i).close();
		}
	}

	@Test
	void heapAndThreadsStayFlatAndNoNodeIsStuckThroughRoundsOfChaos() throws Exception {
		int rounds = Integer.getInteger("soak.minutes");
		System.out.printf("soak: %d rounds of %s, seed %d%n", rounds, ROUND, this.seed);
		DemoProcess demo = DemoProcess.start("soak", "--demo.ingest.producer-shutdown=3s", "--demo.kv.max-buckets=20");
		this.cleanUp.add(demo);
		Operator operator = new Operator(demo);
		MessageLoad load = new MessageLoad(demo);
		HealthWatch health = new HealthWatch(demo);
		ChaosMonkey chaos = new ChaosMonkey(demo, operator, new Random(this.seed));
		ExecutorService clients = Executors.newFixedThreadPool(3);
		this.cleanUp.add(() -> {
			clients.shutdownNow();
			clients.awaitTermination(30, TimeUnit.SECONDS);
		});
		List<Future<?>> posting = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			int client = i;
			posting.add(clients.submit(() -> load.run(client)));
		}
		ScheduledExecutorService threads = Executors.newScheduledThreadPool(3);
		this.cleanUp.add(threads::shutdownNow);
		threads.scheduleWithFixedDelay(health::check, 0, 100, TimeUnit.MILLISECONDS);
		List<Sample> samples = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			long end = System.nanoTime() + ROUND.toNanos();
			int number = round;
			AtomicReference<Sample> lowest = new AtomicReference<>(new Sample(round, Long.MAX_VALUE, 0, 0));
			Future<?> steps = threads.scheduleWithFixedDelay(() -> {
				if (System.nanoTime() - end < 0) {
					chaos.step();
				}
			}, 0, 200, TimeUnit.MILLISECONDS);
			// One sample every two seconds: the lowest heap of the round is its floor.
			Future<?> sampling = threads.scheduleWithFixedDelay(() -> {
				Sample now = sample(demo, number);
				lowest.updateAndGet((floor) -> floor.lower(now));
			}, 0, 2, TimeUnit.SECONDS);
			await("round " + round).atMost(ROUND.plusMinutes(2))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> System.nanoTime() - end >= 0 && !chaos.busy.get());
			steps.cancel(false);
			sampling.cancel(false);
			Sample floor = lowest.get();
			long healStart = System.nanoTime();
			await("round " + round + " healed: no node stuck").atMost(Duration.ofMinutes(1)).until(chaos::healed);
			Sample healed = sample(demo, round);
			floor = new Sample(round, floor.heap(), healed.threads(),
					Duration.ofNanos(System.nanoTime() - healStart).toMillis());
			samples.add(floor);
			System.out.printf("soak round %d: heap floor %d KiB, %d live threads after healing in %d ms; %d accepted, "
					+ "%d chaos actions%n", round, floor.heap() / 1024, floor.threads(), floor.healMillis(),
					load.accepted.size(), chaos.actions.get());
		}
		demo.sigterm();
		load.sigtermSent.set(true);
		health.stop.set(true);
		assertThat(demo.awaitExit(Duration.ofSeconds(30))).isTrue();
		load.stop.set(true);
		for (Future<?> client : posting) {
			client.get(30, TimeUnit.SECONDS);
		}
		assertThat(load.unexpected).as("responses other than 202 and 503 (seed %d)", this.seed).isEmpty();
		assertThat(chaos.unexpected).as("answers to chaos and operator requests (seed %d)", this.seed).isEmpty();
		assertThat(health.violations).as("health against the trees' states (seed %d)", this.seed).isEmpty();
		operator.awaitInJournalOnce(new ArrayList<>(load.accepted));
		Sample first = samples.get(0);
		Sample last = samples.get(samples.size() - 1);
		assertThat(last.threads()).as("live threads after the last round against the first (%s)", samples)
			.isLessThanOrEqualTo(first.threads() + 10);
		assertThat(last.heap()).as("heap floor of the last round against the first (%s)", samples)
			.isLessThanOrEqualTo(first.heap() * 3 / 2 + 16 * 1024 * 1024);
	}

	private static Sample sample(DemoProcess demo, int round) {
		String prometheus = demo.get("/actuator/prometheus").body();
		long heap = 0;
		long threads = 0;
		Matcher matcher = GAUGE.matcher(prometheus);
		while (matcher.find()) {
			String labels = (matcher.group(2) != null) ? matcher.group(2) : "";
			long value = (long) Double.parseDouble(matcher.group(3));
			if (matcher.group(1).equals("jvm_memory_used_bytes") && labels.contains("area=\"heap\"")) {
				heap += value;
			}
			else if (matcher.group(1).equals("jvm_threads_live_threads")) {
				threads = value;
			}
		}
		return new Sample(round, heap, threads, 0);
	}

	/**
	 * What a round left.
	 *
	 * @param round its number
	 * @param heap the lowest heap used seen in it, in bytes
	 * @param threads the live threads once healed
	 * @param healMillis how long healing took
	 */
	record Sample(int round, long heap, long threads, long healMillis) {

		Sample lower(Sample other) {
			return new Sample(this.round, Math.min(this.heap, other.heap), other.threads, 0);
		}

	}

}
