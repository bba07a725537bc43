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
 * A producer never loses or duplicates an accepted message: it keeps a message until the
 * broker wrote it, closes its intake before its last flush, and flushes everything on its
 * way out, stopped or crashed.
 */
class ProducerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	Path journal;

	private SimulatedBroker broker;

	private final SwitchableHandle client = new SwitchableHandle();

	private final List<Thread> threads = new ArrayList<>();

	@BeforeEach
	void startBrokerAndClient() {
		this.broker = new SimulatedBroker(this.journal, Clock.systemUTC());
		this.client.connect(this.broker);
	}

	@AfterEach
	void stopThreads() throws Exception {
		for (Thread thread : this.threads) {
			thread.interrupt();
			thread.join(TIMEOUT.toMillis());
		}
		this.broker.destroy();
	}

	@Test
	void fullBacklogRefusesNewMessages() {
		Producer producer = producer("1h", 1000, 2);
		assertThat(producer.offer(message(1))).isEqualTo(Offer.ACCEPTED);
		assertThat(producer.offer(message(2))).isEqualTo(Offer.ACCEPTED);
		assertThat(producer.offer(message(3))).isEqualTo(Offer.FULL);
		assertThat(producer.status().backlog()).isEqualTo(2);
	}

	@Test
	void messagesReachTheJournalInOrderInBatches() throws IOException {
		Producer producer = producer("10ms", 3, 100);
		Running running = run(producer);
		for (int i = 0; i < 10; i++) {
			producer.offer(message(i));
		}
		await().atMost(TIMEOUT).until(() -> journalIds().size() == 10);
		assertThat(journalIds()).containsExactly("m-0", "m-1", "m-2", "m-3", "m-4", "m-5", "m-6", "m-7", "m-8", "m-9");
		assertThat(producer.status().backlog()).isZero();
		running.stop();
	}

	@Test
	void messagesStayInTheBacklogUntilTheBrokerHasWrittenThem() throws IOException {
		Producer producer = producer("5ms", 100, 100);
		run(producer);
		this.broker.outage(Duration.ofMillis(300));
		this.client.disconnect();
		for (int i = 0; i < 20; i++) {
			assertThat(producer.offer(message(i))).isEqualTo(Offer.ACCEPTED);
		}
		assertThat(journalIds()).isEmpty();
		assertThat(producer.status().backlog()).isEqualTo(20);
		await().atMost(TIMEOUT).ignoreExceptions().until(() -> this.client.connect(this.broker));
		await().atMost(TIMEOUT).until(() -> journalIds().size() >= 20);
		assertThat(journalIds()).hasSize(20).doesNotHaveDuplicates();
	}

	@Test
	void stoppedProducerClosesItsIntakeAndFlushesItsWholeBacklogBeforeItExits() throws Exception {
		Producer producer = producer("1h", 100_000, 1000);
		Running running = run(producer);
		for (int i = 0; i < 500; i++) {
			producer.offer(message(i));
		}
		assertThat(journalIds()).isEmpty();
		running.stop();
		assertThat(running.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isNull();
		assertThat(journalIds()).hasSize(500).doesNotHaveDuplicates();
		assertThat(producer.offer(message(500))).isEqualTo(Offer.CLOSED);
	}

	@Test
	void crashedProducerFlushesWhatItAcceptedThenCrashes() throws Exception {
		Producer producer = producer("1h", 100_000, 1000);
		Running running = run(producer);
		for (int i = 0; i < 10; i++) {
			producer.offer(message(i));
		}
		producer.crash("test");
		assertThat(running.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ChaosException.class);
		assertThat(journalIds()).hasSize(10);
		assertThat(producer.offer(message(10))).isEqualTo(Offer.CLOSED);
	}

	@Test
	void producerAbandonedByItsSupervisorStopsFlushingAndWritesNothingTwice() throws Exception {
		Producer producer = producer("1h", 100_000, 1000);
		Running running = run(producer);
		for (int i = 0; i < 10; i++) {
			producer.offer(message(i));
		}
		this.broker.outage(Duration.ofHours(1));
		this.client.disconnect();
		running.stop();
		// The broker is gone: the last flush retries until the supervisor stops waiting.
		await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> !running.exit.isDone());
		running.thread.interrupt();
		assertThat(running.exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isNull();
		assertThat(journalIds()).isEmpty();
		assertThat(producer.status().backlog()).isEqualTo(10);
	}

	private Producer producer(String linger, int batchSize, int capacity) {
		IngestProperties properties = new IngestProperties();
		properties.setLinger(DurationStyle.detectAndParse(linger));
		properties.setBatchSize(batchSize);
		properties.setBacklogCapacity(capacity);
		properties.setRetryDelay(Duration.ofMillis(10));
		return new Producer(this.client, properties);
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
		Path file = this.journal.resolve("p-0.log");
		if (!Files.exists(file)) {
			return List.of();
		}
		return Files.readAllLines(file, StandardCharsets.UTF_8)
			.stream()
			.map((line) -> line.substring(0, line.indexOf('\t')))
			.toList();
	}

	private static Message message(int n) {
		return new Message("m-" + n, "payload " + n);
	}

	private record Running(Thread thread, Context context, CompletableFuture<@Nullable Throwable> exit) {

		/** What its supervisor does to stop it. */
		void stop() {
			this.context.stopRequested = true;
			this.thread.interrupt();
		}

	}

	private static final class Context implements ChildContext, ServiceContext {

		private final String path;

		volatile boolean stopRequested;

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
