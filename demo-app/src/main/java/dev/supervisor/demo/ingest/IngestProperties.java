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
	 * Directory of the spools: the accepted messages of each partition, written before they
	 * are answered 202 and kept until the journal has them.
	 */
	private Path spoolDir = Path.of("target/demo-spool");

	/**
	 * Maximum number of accepted messages a partition's spool holds, not yet in the journal,
	 * before it refuses new ones.
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
	 * How long each producer may take to stop: its shutdown in the ingest tree (used by
	 * application.yml).
	 */
	private Duration producerShutdown = Duration.ofSeconds(8);

	/**
	 * How long the client's restart waits when its restarts would exceed the tree's
	 * intensity: its delay-on-max-intensity in the ingest tree (used by application.yml).
	 */
	private Duration clientRestartDelay = Duration.ofSeconds(5);

	public Path getJournalDir() {
		return this.journalDir;
	}

	public void setJournalDir(Path journalDir) {
		this.journalDir = journalDir;
	}

	public Path getSpoolDir() {
		return this.spoolDir;
	}

	public void setSpoolDir(Path spoolDir) {
		this.spoolDir = spoolDir;
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

	public Duration getProducerShutdown() {
		return this.producerShutdown;
	}

	public void setProducerShutdown(Duration producerShutdown) {
		this.producerShutdown = producerShutdown;
	}

	public Duration getClientRestartDelay() {
		return this.clientRestartDelay;
	}

	public void setClientRestartDelay(Duration clientRestartDelay) {
		this.clientRestartDelay = clientRestartDelay;
	}

	public Duration getRetryDelay() {
		return this.retryDelay;
	}

	public void setRetryDelay(Duration retryDelay) {
		this.retryDelay = retryDelay;
	}


}
