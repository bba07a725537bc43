package dev.supervisor.demo.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The fact log over HTTP: append facts, see the consumers' progress, and the operator's
 * fix for a poison fact.
 */
@RestController
@RequestMapping("/facts")
final class FactsController {

	private final FactLog log;

	FactsController(FactLog log) {
		this.log = log;
	}

	@GetMapping
	FactLog.Summary summary() {
		return this.log.summary();
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> append(@RequestBody FactRequest request) {
		Fact fact = this.log.append(request.amount());
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("offset", fact.offset()));
	}

	/**
	 * Drops the poison facts: the fix an operator makes before restarting the tree.
	 * @return the offsets dropped
	 */
	@DeleteMapping("/poison")
	Map<String, Object> dropPoison() {
		List<Long> dropped = this.log.dropPoison();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("dropped", dropped);
		body.put("message", dropped.isEmpty() ? "No poison fact to drop"
				: "Dropped; the consumers will skip them. Now restart the tree: "
						+ "POST /actuator/supervision/facts {\"action\":\"restart\"}");
		return body;
	}

	/**
	 * A fact to append.
	 *
	 * @param amount what it adds to each consumer's balance
	 */
	record FactRequest(long amount) {

	}

}
