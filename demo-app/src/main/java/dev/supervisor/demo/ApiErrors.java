package dev.supervisor.demo;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.supervisor.Outcome;
import dev.supervisor.SupervisorDownException;
import dev.supervisor.demo.ingest.BacklogFullException;
import dev.supervisor.demo.ingest.SpoolUnavailableException;
import dev.supervisor.spring.handle.ChildUnavailableException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The demo's error answers, each with a message: a child that is not there in time or a
 * full backlog is a {@code 503} with {@code Retry-After}, a supervisor that is down a
 * {@code 503}, an operation a supervisor refused the status that fits its {@link Outcome},
 * a bad argument a {@code 400}. Nothing a client sends is answered {@code 500}.
 */
@RestControllerAdvice
final class ApiErrors {

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> childUnavailable(ChildUnavailableException ex) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", ex.getMessage());
		body.put("path", ex.getPath());
		body.put("state", ex.getState());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(body);
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> backlogFull(BacklogFullException ex) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", ex.getMessage());
		body.put("path", ex.getProducer());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(body);
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> spoolUnavailable(SpoolUnavailableException ex) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", ex.getMessage());
		body.put("partition", ex.getPartition());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> supervisorDown(SupervisorDownException ex) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", ex.getMessage());
		body.put("path", ex.path());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> refused(RefusedOperationException ex) {
		Outcome outcome = ex.getOutcome();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", ex.getMessage());
		body.put("path", outcome.path());
		body.put("outcome", outcome.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status(outcome.status()));
		if (outcome.status() == Outcome.Status.RESTARTING) {
			response.header(HttpHeaders.RETRY_AFTER, "1");
		}
		return response.body(body);
	}

	/**
	 * The answer to an outcome: for a refusal, 503 while the supervisor or the child is not
	 * there (it may be later), 409 when the request does not fit the state, 404 and 400 as
	 * usual. One clause per status: a new status does not compile until it has its answer.
	 * @param status the refusal
	 * @return the HTTP status
	 */
	static HttpStatus status(Outcome.Status status) {
		return switch (status) {
			case SUPERVISOR_DOWN, RESTARTING, START_FAILED -> HttpStatus.SERVICE_UNAVAILABLE;
			case RUNNING, NOT_RUNNING, ALREADY_PRESENT, MAX_CHILDREN, IGNORED, NOT_SUPPORTED -> HttpStatus.CONFLICT;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case INVALID -> HttpStatus.BAD_REQUEST;
			// Done, or done as soon as an abandoned incarnation has left the instance.
			case OK -> HttpStatus.OK;
			case PENDING -> HttpStatus.ACCEPTED;
		};
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> badArgument(IllegalArgumentException ex) {
		return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(ex.getMessage())));
	}

}
