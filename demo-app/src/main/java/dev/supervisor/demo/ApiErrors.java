package dev.supervisor.demo;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.supervisor.demo.ingest.BacklogFullException;
import dev.supervisor.spring.handle.ChildUnavailableException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The demo's error answers: a child that is not there in time or a full backlog is a
 * {@code 503} with {@code Retry-After}, a bad argument a {@code 400}.
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
	ResponseEntity<Map<String, Object>> badArgument(IllegalArgumentException ex) {
		return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(ex.getMessage())));
	}

}
