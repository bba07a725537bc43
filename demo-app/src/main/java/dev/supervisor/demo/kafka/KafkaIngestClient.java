package dev.supervisor.demo.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.demo.chaos.ChaosException;
import dev.supervisor.demo.chaos.Crashable;
import dev.supervisor.demo.ingest.BrokerUnavailableException;
import dev.supervisor.demo.ingest.IngestClient;
import dev.supervisor.demo.ingest.JournalLine;
import dev.supervisor.demo.ingest.Message;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.ProducerFactory;

/**
 * The {@code ingest/client} of the {@code kafka} profile: a Kafka producer of its own per
 * incarnation (made from Spring's producer configuration), through which the producers
 * send their batches: one record per message, producer {@code p-N} writing to partition N
 * in order. A batch counts as sent once the broker has
 * acknowledged every record; otherwise the producer keeps it and sends it again, which may
 * write some records twice (at least once).
 */
public final class KafkaIngestClient implements Service, IngestClient, Crashable {

	private final ProducerFactory<?, ?> producers;

	private final String topic;

	private final Duration sendTimeout;

	private final int partitions;

	private volatile @Nullable KafkaProducer<String, String> producer;

	private volatile @Nullable ServiceContext context;

	KafkaIngestClient(ProducerFactory<?, ?> producers, KafkaDemoProperties properties) {
		this.producers = producers;
		this.topic = properties.getTopic();
		this.sendTimeout = properties.getSendTimeout();
		this.partitions = properties.getPartitions();
	}

	@Override
	public void start(ServiceContext context) {
		this.context = context;
		this.producer = new KafkaProducer<>(this.producers.getConfigurationProperties(), new StringSerializer(),
				new StringSerializer());
	}

	@Override
	public void stop(ServiceContext context) {
		KafkaProducer<String, String> producer = this.producer;
		if (producer != null) {
			producer.close(Duration.ofSeconds(3));
		}
	}

	@Override
	public void send(String journal, List<Message> batch, String producer) {
		KafkaProducer<String, String> kafka = this.producer;
		if (kafka == null) {
			throw new BrokerUnavailableException("Not connected");
		}
		List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
		try {
			for (Message message : batch) {
				sent.add(kafka.send(new ProducerRecord<>(this.topic, partition(journal), journal,
						JournalLine.of(message, producer))));
			}
			long deadline = System.nanoTime() + this.sendTimeout.toNanos();
			for (Future<RecordMetadata> record : sent) {
				record.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			throw new BrokerUnavailableException("Kafka did not acknowledge the batch: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BrokerUnavailableException("Interrupted while Kafka acknowledged the batch");
		}
	}

	/** Producer {@code p-N} writes to partition N, so each producer's records stay in order. */
	private @Nullable Integer partition(String journal) {
		int dash = journal.lastIndexOf('-');
		try {
			return Math.floorMod(Integer.parseInt(journal.substring(dash + 1)), this.partitions);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	@Override
	public void crash(String reason) {
		ServiceContext context = this.context;
		if (context != null) {
			context.fail(new ChaosException(reason));
		}
	}

}
