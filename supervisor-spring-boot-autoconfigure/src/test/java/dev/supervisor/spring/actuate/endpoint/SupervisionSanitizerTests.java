package dev.supervisor.spring.actuate.endpoint;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import dev.supervisor.ChildKind;
import dev.supervisor.ExitReason;
import dev.supervisor.Outcome;
import dev.supervisor.SupervisionEvent;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.Show;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one component that decides what readers see of text from user code, for the endpoint and
 * any other view of the trees (a console's events, health, log lines).
 */
class SupervisionSanitizerTests {

	private static final String SECRET = "password=s3cr3t";

	private final SupervisionSanitizer masking = SupervisionSanitizer.masking();

	@Test
	void anEventIsWrittenInTheEndpointsVocabularyWithItsMessageMasked() {
		SupervisionEvent crash = new SupervisionEvent(SupervisionEvent.Type.RESTART_SCHEDULED, "kv/buckets",
				ChildKind.DYNAMIC_SUPERVISOR, 3, ExitReason.crashed(new SQLException("jdbc " + SECRET)), Instant.EPOCH,
				Duration.ofMillis(1500), "backoff");
		EventDescriptor masked = this.masking.event(crash, false);
		assertThat(masked.event()).isEqualTo("restart-scheduled");
		assertThat(masked.type()).isEqualTo("dynamic");
		assertThat(masked.reason()).isEqualTo("crashed");
		assertThat(masked.exception()).isEqualTo("java.sql.SQLException");
		assertThat(masked.message()).isEqualTo(SupervisionSanitizer.MASK);
		assertThat(masked.duration()).isEqualTo("1500ms");
		assertThat(this.masking.event(crash, true).message()).isEqualTo("jdbc " + SECRET);
	}

	@Test
	void aRefusedStartNamesItsCausesWithTheirMessagesMaskedAndIsCut() {
		Outcome refused = new Outcome(Outcome.Status.START_FAILED, "db/pool",
				"start of 'db/pool' failed: java.lang.IllegalStateException: no pool", new IllegalStateException(
						"no pool " + SECRET, new SQLException("Cannot open " + SECRET + "x".repeat(10_000))));
		String masked = this.masking.outcomeMessage(refused, false);
		assertThat(masked).contains("'db/pool'", "java.lang.IllegalStateException: " + SupervisionSanitizer.MASK,
				"caused by java.sql.SQLException: " + SupervisionSanitizer.MASK)
			.doesNotContain(SECRET);
		assertThat(this.masking.outcomeMessage(refused, true)).contains("no pool")
			.hasSizeLessThanOrEqualTo(SupervisionSanitizer.MAX_MESSAGE);
		assertThat(this.masking.describe(refused.error(), true)).contains(SECRET)
			.hasSizeLessThanOrEqualTo(SupervisionSanitizer.MAX_MESSAGE);
	}

	@Test
	void textForALogLineIsEscapedAndCut() {
		assertThat(SupervisionSanitizer.forLog("a\r\nforged\u001b[2K")).isEqualTo("a\\r\\nforged\\u001b[2K");
		assertThat(SupervisionSanitizer.forLog("x".repeat(10_000))).hasSize(SupervisionSanitizer.MAX_MESSAGE);
	}

	@Test
	void whenAuthorizedFollowsSpringBootsRules() {
		SupervisionSanitizer sanitizer = new SupervisionSanitizer(Show.WHEN_AUTHORIZED, Set.of());
		assertThat(sanitizer.showsDetails(() -> "anyone", (role) -> false)).as("any authenticated user").isTrue();
		assertThat(sanitizer.showsDetails(null, (role) -> true)).isFalse();
		assertThat(new SupervisionSanitizer(Show.ALWAYS, Set.of()).showsDetailsToEveryone()).isTrue();
	}

}
