package dev.supervisor.demo.kafka;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;

/**
 * The consumer of the {@code ingest} topic: writes every record to the journal. Its
 * listener container is the supervised child {@code ingest/consumers/journal}
 * ({@code kafka-listener: ingest-journal}), started and stopped by its supervisor only.
 * <p>
 * A poison record (one sent by {@code POST /chaos/poison-record}) makes the listener throw;
 * the container's {@code CommonContainerStoppingErrorHandler} then stops it abnormally: a
 * {@code ConsumerStoppedEvent} with reason {@code ABNORMAL}, a crash of the child, which
 * its supervisor restarts after its backoff. The record's offset was not committed, so the
 * restarted consumer gets it again; this time, remembering that it crashed a consumer, the
 * listener parks it in the dead letters and goes on.
 */
public final class JournalConsumer {

	private static final Log logger = LogFactory.getLog(JournalConsumer.class);

	/** The prefix of the ids of poison records. */
	static final String POISON = "poison-";

	private final KafkaJournal journal;

	private final Duration delay;

	/** Poison records that crashed a consumer already, by topic-partition@offset. */
	private final Set<String> crashedOn = ConcurrentHashMap.newKeySet();

	JournalConsumer(KafkaJournal journal, KafkaDemoProperties properties) {
		this.journal = journal;
		this.delay = properties.getConsumerDelay();
	}

	@KafkaListener(id = "ingest-journal", topics = "${demo.kafka.topic:ingest}", groupId = "ingest-journal")
	void consume(ConsumerRecord<String, String> record) throws InterruptedException {
		String value = record.value();
		if (value.startsWith(POISON)) {
			String where = record.topic() + "-" + record.partition() + "@" + record.offset();
			if (this.crashedOn.add(where)) {
				throw new PoisonRecordException("Poison record at " + where + ": cannot write it to the journal");
			}
			logger.warn("Poison record at " + where + " crashed a consumer before: parked in the dead letters");
			this.journal.deadLetter(where + "\t" + value);
			return;
		}
		if (!this.delay.isZero()) {
			Thread.sleep(this.delay.toMillis(), this.delay.toNanosPart() % 1_000_000);
		}
		this.journal.append(record.partition(), value);
	}

}
