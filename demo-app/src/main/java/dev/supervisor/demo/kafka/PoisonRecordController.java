package dev.supervisor.demo.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chaos for the {@code kafka} profile (demo only): sends a poison record, which crashes
 * the consumer.
 */
@RestController
@RequestMapping("/chaos")
@Profile("kafka")
final class PoisonRecordController {

	private final KafkaTemplate<Object, Object> kafka;

	private final KafkaDemoProperties properties;

	PoisonRecordController(KafkaTemplate<Object, Object> kafka, KafkaDemoProperties properties) {
		this.kafka = kafka;
		this.properties = properties;
	}

	/**
	 * Sends a record the consumer cannot write to the journal.
	 * @return where it was written
	 */
	@PostMapping("/poison-record")
	ResponseEntity<Map<String, Object>> poisonRecord() throws Exception {
		String value = JournalConsumer.POISON + UUID.randomUUID() + "\t/chaos/poison-record\tpoison";
		SendResult<Object, Object> sent = this.kafka.send(this.properties.getTopic(), "p-0", value)
			.get(10, TimeUnit.SECONDS);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("partition", sent.getRecordMetadata().partition());
		body.put("offset", sent.getRecordMetadata().offset());
		body.put("message", "A poison record is in the topic: the consumer's container stops (ABNORMAL), a crash of "
				+ "ingest/consumers/journal, restarted after its backoff; the restarted consumer parks the record in the "
				+ "dead letters. Watch /actuator/supervision/ingest/consumers/journal");
		return ResponseEntity.ok(body);
	}

}
