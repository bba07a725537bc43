package dev.supervisor;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.supervisor.SupervisionEvent.Type.RESTART_SCHEDULED;
import static dev.supervisor.SupervisionEvent.Type.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Durations past what a long holds in nanoseconds (about 292 years) are legal in a spec, so the
 * engine's arithmetic never overflows on them: they count as {@link Durations#MAX_NANOS} (about
 * 146 years, "never" in practice). Before, a terminate with such a shutdown threw out of the
 * supervisor's loop (a 500 and the child restarted), a backoff crashed the supervisor on the first
 * crash, and a period failed the tree's creation with an ArithmeticException.
 */
class LongDurationsTest {

	private static final Duration MILLION_DAYS = Duration.ofDays(1_000_000);

	@RegisterExtension
	final TestChildren children = new TestChildren();

	@Test
	void aShutdownTooLongForNanosecondsIsAShutdownThatWaits() throws Exception {
		SupervisionTree tree = this.children.create("t",
				SupervisorSpec.oneForOne(this.children.service("s").withShutdown(Shutdown.timeout(MILLION_DAYS))));
		tree.start();
		assertThat(tree.root().terminateChild("s").isOk()).isTrue();
		SupervisionEvent stopped = this.children.await(STOPPED, "t/s");
		assertThat(stopped.reason()).isEqualTo(ExitReason.shutdown());
		assertThat(this.children.journal("stop:t/s")).containsExactly("stop:t/s#1");
	}

	@Test
	void aBackoffTooLongForNanosecondsSchedulesTheRestartFarAway() throws Exception {
		Backoff backoff = new Backoff(Duration.ofMillis(1), MILLION_DAYS, 0.5, MILLION_DAYS);
		SupervisionTree tree = this.children.create("t",
				SupervisorSpec.oneForOne(this.children.service("s").withBackoff(backoff)).withIntensity(5, MILLION_DAYS));
		tree.start();
		this.children.crash("t/s");
		this.children.await(RESTART_SCHEDULED, "t/s");
		this.children.advance(Duration.ofMillis(2));
		this.children.await(SupervisionEvent.Type.RESTARTED, "t/s");
		this.children.crash("t/s");
		SupervisionEvent scheduled = this.children.await(RESTART_SCHEDULED, "t/s");
		assertThat(scheduled.duration()).isPositive();
		assertThat(tree.state()).isEqualTo(ChildState.RUNNING);
		assertThat(tree.find("t/s").orElseThrow().state()).isEqualTo(ChildState.RESTARTING);
	}

	@Test
	void aDelayOnMaxIntensityTooLongForNanosecondsKeepsTheChildDelayed() throws Exception {
		SupervisionTree tree = this.children.create("t", SupervisorSpec
			.oneForOne(this.children.service("s").withDelayOnMaxIntensity(MILLION_DAYS))
			.withIntensity(0, Duration.ofSeconds(5)));
		tree.start();
		this.children.crash("t/s");
		this.children.await(RESTART_SCHEDULED, "t/s");
		assertThat(tree.find("t/s").orElseThrow().state()).isEqualTo(ChildState.DELAYED);
		assertThat(tree.state()).isEqualTo(ChildState.RUNNING);
	}

	@Test
	void capsAtAbout146YearsAndDeadlinesNeverOverflow() {
		assertThat(Durations.toNanosCapped(MILLION_DAYS)).isEqualTo(Durations.MAX_NANOS);
		assertThat(Durations.toNanosCapped(Duration.ofSeconds(5))).isEqualTo(5_000_000_000L);
		assertThat(Durations.deadline(Long.MAX_VALUE / 2, Long.MAX_VALUE) - Long.MAX_VALUE / 2).isPositive();
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("9223372036854775807us"))
			.withMessageContaining("too long");
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("9223372036854775807d"))
			.withMessageContaining("too long");
	}

}
