package dev.supervisor;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #10 §2: one duration notation in every output, the one the YAML accepts. */
class DurationsTest {

	@Test
	void durationsAreFormattedExactlyInTheLargestUnitThatDividesThem() {
		assertThat(Durations.format(Duration.ofSeconds(5))).isEqualTo("5s");
		assertThat(Duration.ofSeconds(29)).extracting(Durations::format).isEqualTo("29s");
		assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
		assertThat(Durations.format(Duration.ofMinutes(1))).isEqualTo("1m");
		assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
		assertThat(Durations.format(Duration.ofDays(1))).isEqualTo("1d");
		assertThat(Durations.format(Duration.ofNanos(250_000))).isEqualTo("250us");
		assertThat(Durations.format(Duration.ofNanos(1_234_567))).isEqualTo("1234567ns");
		assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
	}

	@Test
	void everyFormattedDurationParsesBackToItself() {
		for (Duration duration : new Duration[] { Duration.ofSeconds(90), Duration.ofMillis(1), Duration.ofHours(25),
				Duration.ofNanos(7), Duration.ofMinutes(61), Duration.ofDays(3) }) {
			assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
		}
	}

	@Test
	void aShutdownPrintsItsTimeoutInTheSameNotation() {
		assertThat(Shutdown.timeout(Duration.ofSeconds(8))).hasToString("8s");
		assertThat(Shutdown.timeout(Duration.ofMillis(250))).hasToString(Durations.format(Duration.ofMillis(250)));
	}

}
