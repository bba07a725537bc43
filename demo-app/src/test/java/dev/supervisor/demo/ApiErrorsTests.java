package dev.supervisor.demo;

import java.util.Arrays;

import dev.supervisor.Outcome;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** Every refusal a supervisor reports as an {@link Outcome} reaches an HTTP client as a 4xx or a 503. */
class ApiErrorsTests {

	@Test
	void everyRefusalIsAnsweredWithAClientErrorOrServiceUnavailableNeverA500() {
		Arrays.stream(Outcome.Status.values())
			.filter((status) -> status != Outcome.Status.OK && status != Outcome.Status.PENDING)
			.forEach((status) -> {
				HttpStatus http = ApiErrors.status(status);
				assertThat(http.is4xxClientError() || http == HttpStatus.SERVICE_UNAVAILABLE).as("%s -> %s", status, http)
					.isTrue();
			});
		assertThat(ApiErrors.status(Outcome.Status.SUPERVISOR_DOWN)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(ApiErrors.status(Outcome.Status.MAX_CHILDREN)).isEqualTo(HttpStatus.CONFLICT);
	}

}
