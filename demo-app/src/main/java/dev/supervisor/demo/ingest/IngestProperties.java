package dev.supervisor.demo.ingest;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the {@code ingest} tree's producers and simulated broker.
 */
@ConfigurationProperties("demo.ingest")
public class IngestProperties {

	/**
	 * Directory of the journal the simulated broker appends flushed messages to, one file
	 * per producer.
	 */
	private Path journalDir = Path.of("target/demo-journal");

	/**
	 * Maximum number of accepted messages a producer holds before it refuses new ones.
	 */
	private int backlogCapacity = 1000;

	/**
	 * Maximum number of messages a producer flushes in one batch.
	 */
	private int batchSize = 100;

	/**
	 * How long a producer waits for a batch to fill before it flushes what it has.
	 */
	private Duration linger = Duration.ofMillis(20);

	/**
	 * How long a producer waits before it retries a flush that could not reach the broker.
	 */
	private Duration retryDelay = Duration.ofMillis(200);

	/**
	 * How long a message waits for a producer that is closing its intake (a crashed
	 * incarnation flushing its backlog) to be replaced.
	 */
	private Duration offerTimeout = Duration.ofSeconds(2);

	public Path getJournalDir() {
		return this.journalDir;
	}

	public void setJournalDir(Path journalDir) {
		this.journalDir = journalDir;
	}

	public int getBacklogCapacity() {
		return this.backlogCapacity;
	}

	public void setBacklogCapacity(int backlogCapacity) {
		this.backlogCapacity = backlogCapacity;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public Duration getLinger() {
		return this.linger;
	}

	public void setLinger(Duration linger) {
		this.linger = linger;
	}

	public Duration getRetryDelay() {
		return this.retryDelay;
	}

	public void setRetryDelay(Duration retryDelay) {
		this.retryDelay = retryDelay;
	}

	public Duration getOfferTimeout() {
		return this.offerTimeout;
	}

	public void setOfferTimeout(Duration offerTimeout) {
		this.offerTimeout = offerTimeout;
	}

}
