package dev.supervisor.demo.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the demo's {@code kafka} profile.
 */
@ConfigurationProperties("demo.kafka")
public class KafkaDemoProperties {

	/**
	 * Whether the demo starts its own Kafka broker in-process (KRaft, on a free port, with
	 * a temporary log directory). Set it to false to use spring.kafka.bootstrap-servers.
	 */
	private boolean embedded = true;

	/**
	 * Topic the producers write to and the consumers read from.
	 */
	private String topic = "ingest";

	/**
	 * Number of partitions of the topic: one per producer.
	 */
	private int partitions = 3;

	/**
	 * How long the consumer works on each record, to build a backlog under load.
	 */
	private Duration consumerDelay = Duration.ZERO;

	/**
	 * How long a producer's batch may wait for the broker's acknowledgements.
	 */
	private Duration sendTimeout = Duration.ofSeconds(10);

	public boolean isEmbedded() {
		return this.embedded;
	}

	public void setEmbedded(boolean embedded) {
		this.embedded = embedded;
	}

	public String getTopic() {
		return this.topic;
	}

	public void setTopic(String topic) {
		this.topic = topic;
	}

	public int getPartitions() {
		return this.partitions;
	}

	public void setPartitions(int partitions) {
		this.partitions = partitions;
	}

	public Duration getConsumerDelay() {
		return this.consumerDelay;
	}

	public void setConsumerDelay(Duration consumerDelay) {
		this.consumerDelay = consumerDelay;
	}

	public Duration getSendTimeout() {
		return this.sendTimeout;
	}

	public void setSendTimeout(Duration sendTimeout) {
		this.sendTimeout = sendTimeout;
	}

}
