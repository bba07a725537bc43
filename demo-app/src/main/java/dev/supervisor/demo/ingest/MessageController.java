package dev.supervisor.demo.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Accepts messages ({@code 202} with the message's id) or refuses them clearly
 * ({@code 503} with {@code Retry-After}) when the producer's backlog is full.
 */
@RestController
@RequestMapping("/messages")
final class MessageController {

	private final Producers producers;

	MessageController(Producers producers) {
		this.producers = producers;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> publish(@RequestBody MessageRequest request) {
		if (request.payload() == null) {
			return ResponseEntity.badRequest().body(Map.of("error", "A message needs a 'payload'"));
		}
		Producers.Accepted accepted = this.producers.publish(request.key(), request.payload());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", accepted.message().id());
		body.put("producer", accepted.producer());
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
	}

	@GetMapping
	Map<String, Object> producers() {
		return Map.of("producers", this.producers.status());
	}

	/**
	 * A message to publish.
	 *
	 * @param key messages with the same key go to the same producer; none for round robin
	 * @param payload the message
	 */
	record MessageRequest(@Nullable String key, @Nullable String payload) {

	}

}
