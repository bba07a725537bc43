package dev.supervisor.demo.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.supervisor.ChildContext;
import dev.supervisor.ChildState;
import dev.supervisor.ServiceContext;
import dev.supervisor.demo.chaos.ChaosException;
import dev.supervisor.spring.handle.ChildHandle;
import dev.supervisor.spring.handle.ChildUnavailableException;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A producer never loses or duplicates an accepted message: a message leaves the spool
 * only once the broker wrote it; asked to stop, the producer sends everything accepted
 * until then, through interrupts, until its supervisor stops waiting; what it could not
 * send, or what a crashed incarnation left, the next incarnation sends, once.
 */
class ProducerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	Path directory;

	private SimulatedBroker broker;

	private Spools spools;

	private final SwitchableHandle client = new SwitchableHandle();

	private final List<Thread> threads = new ArrayList<>();

	@BeforeEach
	void startBrokerAndClient() {
		this.broker = new SimulatedBroker(this.directory.resolve("journal"), Clock.systemUTC());
		this.client.connect(this.broker);
		this.spools = new Spools(this.directory.resolve("spool"), List.of("p-0"), 1000);
	}

	@AfterEach
	void stopThreads() throws Exception {
		for (Thread thread : this.threads) {
			thread.interrupt();
			thread.join(TIMEOUT.toMillis());
		}
		this.spools.destroy();
		this.broker.destroy();
	}

	@Test
	void messagesReachTheJournalInOrderInBatches() throws IOException {
		Running running = run(producer("10ms", 3));
		List<String> ids = accept(10);
		await().atMost(TIMEOUT).until(() -> journalIds().size() == 10);
		assertThat(journalIds()).containsExactlyElementsOf(ids);
		assertThat(spool().status().backlog()).isZero();
		running.stop();
	}

	@Test
	void messagesStayInTheSpoolUntilTheBrokerHasWrittenThem() throws IOException {
		run(producer("5ms", 100));
		this.broker.outage(Duration.ofMillis(300));
		this.client.disconnect();
		List<String> ids = accept(20);
		assertThat(journalIds()).isEmpty();
		assertThat(spool().status().backlog()).isEqualTo(20);
		await().atMost(TIMEOUT).ignoreExceptions().until(() -> this.client.connect(this.broker));
		await().atMost(TIMEOUT).until(() -> journalIds().size() >= 20);
		assertThat(journalIds()).containsExactlyElementsOf(ids);
	}

	@Test
	void aStoppedProducerSendsEverythingAcceptedUntilTheStopBeforeItExits() throws Exception {
		Running running = run(producer("1h", 100_000));
		List<String> ids = accept(500);
		assertThat(journalIds()).isEmpty();
		running.stop();
		assertThat(running.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isNull();
		assertThat(journalIds()).containsExactlyElementsOf(ids);
		assertThat(spool().status().backlog()).isZero();
	}

	@Test
	void aStoppedProducerGoesOnSendingThroughInterruptsUntilItsSupervisorStopsWaiting() throws Exception {
		this.client.disconnect();
		Running running = run(producer("1h", 100_000));
		List<String> ids = accept(20);
		running.stop();
		// Interrupts that are not its supervisor giving up (the stop request's own, a late one).
		for (int i = 0; i < 3; i++) {
			running.thread.interrupt();
		}
		await().during(Duration.ofMillis(200)).atMost(TIMEOUT).until(() -> !running.exit.isDone());
		this.client.connect(this.broker);
		assertThat(running.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isNull();
		assertThat(journalIds()).containsExactlyElementsOf(ids);
	}

	@Test
	void whatAnAbandonedProducerCouldNotSendTheNextIncarnationSendsOnce() throws Exception {
		this.client.disconnect();
		Running first = run(producer("1h", 100_000));
		List<String> ids = accept(10);
		first.stop();
		await().during(Duration.ofMillis(200)).atMost(TIMEOUT).until(() -> !first.exit.isDone());
		first.abandon();
		assertThat(first.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isNull();
		assertThat(journalIds()).isEmpty();
		assertThat(spool().status().backlog()).isEqualTo(10);
		this.client.connect(this.broker);
		Running second = run(producer("10ms", 3));
		ids.addAll(accept(5));
		await().atMost(TIMEOUT).until(() -> journalIds().size() >= 15);
		assertThat(journalIds()).containsExactlyElementsOf(ids);
		second.stop();
	}

	@Test
	void aCrashedProducerLeavesItsBacklogToTheNextIncarnation() throws Exception {
		this.client.disconnect();
		Producer producer = producer("10ms", 100);
		Running first = run(producer);
		List<String> ids = accept(10);
		producer.crash("test");
		assertThat(first.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ChaosException.class);
		this.client.connect(this.broker);
		run(producer("10ms", 100));
		await().atMost(TIMEOUT).until(() -> journalIds().size() >= 10);
		assertThat(journalIds()).containsExactlyElementsOf(ids);
	}

	@Test
	void anAbandonedIncarnationStillSendingNeverDuplicatesWhatItsSuccessorSends() throws Exception {
		// Two incarnations on one spool at once, as when an abandoned one is still running.
		run(producer("1ms", 7));
		run(producer("1ms", 5));
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			ids.addAll(accept(50));
		}
		await().atMost(TIMEOUT).until(() -> journalIds().size() >= 1000);
		await().during(Duration.ofMillis(100)).atMost(TIMEOUT).until(() -> spool().status().backlog() == 0);
		assertThat(journalIds()).containsExactlyElementsOf(ids);
	}

	private Producer producer(String linger, int batchSize) {
		IngestProperties properties = new IngestProperties();
		properties.setLinger(DurationStyle.detectAndParse(linger));
		properties.setBatchSize(batchSize);
		properties.setRetryDelay(Duration.ofMillis(10));
		return new Producer(this.client, this.spools, properties);
	}

	private Spool spool() {
		return this.spools.get("p-0");
	}

	private List<String> accept(int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(spool().append("payload " + i).id());
		}
		return ids;
	}

	private Running run(Producer producer) {
		Context context = new Context("ingest/producers/p-0");
		CompletableFuture<@Nullable Throwable> exit = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				producer.run(context);
				exit.complete(null);
			}
			catch (Throwable ex) {
				exit.complete(ex);
			}
		}, "p-0");
		this.threads.add(thread);
		thread.start();
		return new Running(thread, context, exit);
	}

	private List<String> journalIds() throws IOException {
		Path file = this.directory.resolve("journal").resolve("p-0.log");
		if (!Files.exists(file)) {
			return List.of();
		}
		return Files.readAllLines(file, StandardCharsets.UTF_8)
			.stream()
			.map((line) -> line.substring(0, line.indexOf('\t')))
			.toList();
	}

	private record Running(Thread thread, Context context, CompletableFuture<@Nullable Throwable> exit) {

		/** What its supervisor does to stop it. */
		void stop() {
			this.context.stopRequested = true;
			this.thread.interrupt();
		}

		/** What its supervisor does when its shutdown runs out. */
		void abandon() {
			this.context.abandoned = true;
			this.thread.interrupt();
		}

	}

	private static final class Context implements ChildContext, ServiceContext {

		private final String path;

		volatile boolean stopRequested;

		volatile boolean abandoned;

		Context(String path) {
			this.path = path;
		}

		@Override
		public String path() {
			return this.path;
		}

		@Override
		public long incarnation() {
			return 1;
		}

		@Override
		public @Nullable Object argument() {
			return null;
		}

		@Override
		public boolean stopRequested() {
			return this.stopRequested;
		}

		@Override
		public boolean abandoned() {
			return this.abandoned;
		}

		@Override
		public void fail(Throwable error) {
		}

		@Override
		public void exit() {
		}

	}

	/** A handle on the client whose incarnation the test replaces, as restarts do. */
	private static final class SwitchableHandle implements ChildHandle<BrokerClient> {

		private volatile @Nullable BrokerClient current;

		boolean connect(SimulatedBroker broker) {
			BrokerClient client = new BrokerClient(broker);
			client.start(new Context("ingest/client"));
			this.current = client;
			return true;
		}

		void disconnect() {
			this.current = null;
		}

		@Override
		public String path() {
			return "ingest/client";
		}

		@Override
		public <R> R call(Function<? super BrokerClient, ? extends R> action) {
			BrokerClient client = this.current;
			if (client == null) {
				throw new ChildUnavailableException(path(), "restarting", "restarting");
			}
			return action.apply(client);
		}

		@Override
		public ChildState state() {
			return (this.current != null) ? ChildState.RUNNING : ChildState.RESTARTING;
		}

	}

}
