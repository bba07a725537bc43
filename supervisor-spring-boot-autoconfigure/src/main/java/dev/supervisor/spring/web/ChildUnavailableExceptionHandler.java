package dev.supervisor.spring.web;

import dev.supervisor.spring.handle.ChildUnavailableException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns a {@link ChildUnavailableException} that reaches a Spring MVC or WebFlux handler into
 * {@code 503 Service Unavailable} with an RFC 9457 problem-details body (the child's path, its
 * state, whether a restart is pending) and, while a restart is pending, a {@code Retry-After}
 * header: the child is down, the server is not broken. It has the lowest precedence, so an
 * application's own handler for the exception wins.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ChildUnavailableExceptionHandler {

	/** The problem type of a child that is unavailable. */
	public static final String TITLE = "Supervised child unavailable";

	/**
	 * The 503 answer for a supervised child that is unavailable.
	 * @param ex the exception
	 * @return the response: problem details, and {@code Retry-After} (seconds) while a restart is
	 * pending
	 */
	@ExceptionHandler(ChildUnavailableException.class)
	public ResponseEntity<ProblemDetail> childUnavailable(ChildUnavailableException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
		problem.setTitle(TITLE);
		problem.setProperty("path", ex.getPath());
		problem.setProperty("state", ex.getState());
		problem.setProperty("restartPending", ex.isRestartPending());
		ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		ex.getRetryAfter().ifPresent((delay) -> response.header(HttpHeaders.RETRY_AFTER, Long.toString(delay.toSeconds())));
		return response.body(problem);
	}

}
