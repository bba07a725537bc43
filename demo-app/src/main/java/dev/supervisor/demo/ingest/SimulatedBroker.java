package dev.supervisor.demo.ingest;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * An in-process stand-in for a message broker: it takes connections, appends the batches
 * sent over them to an append-only journal (one file per producer), and can be taken down
 * for a while by the chaos endpoint, dropping its connections and refusing new ones.
 * <p>
 * A batch is written with one write of whole lines, or not at all: a refused batch left
 * nothing in the journal, so the producer can send it again without duplicating it.
 */
public final class SimulatedBroker implements DisposableBean {

	private static final Log logger = LogFactory.getLog(SimulatedBroker.class);

	private final Path directory;

	private final Clock clock;

	private final Map<String, Journal> journals = new ConcurrentHashMap<>();

	private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

	private volatile Instant refusingUntil = Instant.EPOCH;

	/**
	 * @param directory the journal's directory, created if missing
	 * @param clock the clock outages are measured with
	 */
	public SimulatedBroker(Path directory, Clock clock) {
		this.directory = directory.toAbsolutePath();
		this.clock = clock;
		try {
			Files.createDirectories(this.directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the journal directory " + this.directory
					+ ": set demo.ingest.journal-dir to a writable directory", ex);
		}
		logger.info("Simulated broker appends to the journal in " + this.directory);
	}

	/**
	 * Opens a connection.
	 * @param client who connects, for messages
	 * @param onLost told when the broker drops the connection
	 * @return the connection
	 * @throws BrokerUnavailableException during an outage
	 */
	public Connection connect(String client, Consumer<BrokerUnavailableException> onLost) {
		checkUp();
		Connection connection = new Connection(client, onLost);
		this.connections.add(connection);
		return connection;
	}

	/**
	 * Drops every connection and refuses new ones for a while.
	 * @param duration how long
	 * @return when connections are taken again
	 */
	public Instant outage(Duration duration) {
		Instant until = this.clock.instant().plus(duration);
		this.refusingUntil = until;
		logger.warn("Simulated broker outage: connections dropped and refused until " + until);
		for (Connection connection : this.connections) {
			connection.lose(new BrokerUnavailableException("Connection of " + connection.client
					+ " lost: the broker went down (simulated outage until " + until + ")"));
		}
		return until;
	}

	/**
	 * Return the journal's directory.
	 * @return the journal's directory
	 */
	public Path directory() {
		return this.directory;
	}

	private void checkUp() {
		Instant until = this.refusingUntil;
		if (this.clock.instant().isBefore(until)) {
			throw new BrokerUnavailableException("Broker refuses connections until " + until + " (simulated outage)");
		}
	}

	@Override
	public void destroy() throws IOException {
		for (Journal journal : this.journals.values()) {
			journal.close();
		}
	}

	/**
	 * A connection to the broker; lost when the broker goes down.
	 */
	public final class Connection implements AutoCloseable {

		private final String client;

		private final Consumer<BrokerUnavailableException> onLost;

		private volatile boolean open = true;

		private Connection(String client, Consumer<BrokerUnavailableException> onLost) {
			this.client = client;
			this.onLost = onLost;
		}

		/**
		 * Appends a batch to a journal, all of it or nothing.
		 * @param journal the journal's name, e.g. {@code p-0}
		 * @param batch the messages, in order
		 * @param producer who sends them, e.g. {@code ingest/producers/p-0#2}
		 * @throws BrokerUnavailableException if the connection is lost or the broker is down;
		 * nothing was written then
		 */
		public void append(String journal, List<Message> batch, String producer) {
			if (!this.open) {
				throw new BrokerUnavailableException("Connection of " + this.client + " is closed");
			}
			checkUp();
			SimulatedBroker.this.journals.computeIfAbsent(journal, Journal::new).append(batch, producer);
		}

		void lose(BrokerUnavailableException cause) {
			if (this.open) {
				close();
				this.onLost.accept(cause);
			}
		}

		@Override
		public void close() {
			this.open = false;
			SimulatedBroker.this.connections.remove(this);
		}

	}

	/**
	 * One append-only journal file. A {@link FileOutputStream}, not a channel: an
	 * interrupted writer (a producer asked to stop) must not close the file for everyone.
	 * <p>
	 * Idempotent, as Kafka's idempotent producer is: it keeps the highest sequence it wrote
	 * of each spool (read back from the file when it is opened), and skips messages it has
	 * already written, so a batch sent again (its acknowledgement lost, a replay after a
	 * restart, an abandoned producer incarnation still sending) is written once.
	 */
	private final class Journal {

		private final Path file;

		private final OutputStream out;

		/** The highest sequence written of each spool. */
		private final Map<String, Long> written = new HashMap<>();

		Journal(String name) {
			this.file = SimulatedBroker.this.directory.resolve(name + ".log");
			try {
				if (Files.exists(this.file)) {
					readBack();
				}
				this.out = new FileOutputStream(this.file.toFile(), true);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot open the journal " + this.file, ex);
			}
		}

		private void readBack() throws IOException {
			try (Stream<String> lines = Files.lines(this.file, StandardCharsets.UTF_8)) {
				lines.forEach((line) -> {
					int tab = line.indexOf('\t');
					int dash = (tab > 0) ? line.lastIndexOf('-', tab) : -1;
					if (dash > 0) {
						try {
							this.written.merge(line.substring(0, dash), Long.parseLong(line.substring(dash + 1, tab)),
									Math::max);
						}
						catch (NumberFormatException ex) {
							// Not a spool's message: nothing to deduplicate.
						}
					}
				});
			}
		}

		synchronized void append(List<Message> batch, String producer) {
			StringBuilder lines = new StringBuilder(batch.size() * 64);
			Map<String, Long> last = new HashMap<>();
			int skipped = 0;
			for (Message message : batch) {
				long previous = last.computeIfAbsent(message.spool(), (spool) -> this.written.getOrDefault(spool, 0L));
				if (message.sequence() <= previous) {
					skipped++;
					continue;
				}
				if (previous != 0 && message.sequence() != previous + 1) {
					logger.error("Journal " + this.file.getFileName() + ": message " + message.id() + " follows sequence "
							+ previous + " of its spool: " + (message.sequence() - previous - 1)
							+ " accepted messages are missing");
				}
				JournalLine.append(message, producer, lines);
				lines.append('\n');
				last.put(message.spool(), message.sequence());
			}
			try {
				this.out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot append to the journal " + this.file, ex);
			}
			this.written.putAll(last);
			if (skipped > 0 && logger.isDebugEnabled()) {
				logger.debug("Journal " + this.file.getFileName() + ": " + skipped + " messages of a batch from " + producer
						+ " were written before; skipped");
			}
		}

		synchronized void close() throws IOException {
			this.out.close();
		}

	}

}
