package dev.supervisor.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** OTP add_restart/1, on the window alone. */
class RestartWindowTest {

	private static final long SECOND = 1_000_000_000L;

	@Test
	void moreThanIntensityRestartsWithinThePeriodExceedIt() {
		RestartWindow window = new RestartWindow(3, 5 * SECOND);
		assertThat(window.add(0)).isTrue();
		assertThat(window.add(SECOND)).isTrue();
		assertThat(window.add(2 * SECOND)).isTrue();
		assertThat(window.add(3 * SECOND)).isFalse();
	}

	@Test
	void aRestartOverTheIntensityIsNotRecordedSoTheWindowNeverHoldsMoreThanTheIntensity() {
		RestartWindow window = new RestartWindow(3, 5 * SECOND);
		for (int i = 0; i < 3; i++) {
			window.add(i * SECOND);
		}
		for (int i = 3; i < 10; i++) {
			assertThat(window.add(3 * SECOND)).isFalse();
			assertThat(window.count(3 * SECOND)).isEqualTo(3);
		}
		assertThat(window.add(5 * SECOND + 1)).as("the oldest expired: room for one").isTrue();
		assertThat(window.count(5 * SECOND + 1)).isEqualTo(3);
		RestartWindow none = new RestartWindow(0, SECOND);
		assertThat(none.add(0)).isFalse();
		assertThat(none.count(0)).isZero();
	}

	@Test
	void entriesOlderThanThePeriodAreDroppedButOneExactlyAPeriodOldCounts() {
		RestartWindow window = new RestartWindow(1, 5 * SECOND);
		assertThat(window.add(0)).isTrue();
		assertThat(window.add(5 * SECOND)).as("exactly one period later: still counts").isFalse();
		RestartWindow later = new RestartWindow(1, 5 * SECOND);
		later.add(0);
		assertThat(later.add(5 * SECOND + 1)).isTrue();
	}

	@Test
	void intensityZeroExceedsOnTheFirstRestart() {
		assertThat(new RestartWindow(0, SECOND).add(0)).isFalse();
	}

	@Test
	void hugeIntensityGrowsTheRingOnDemandOnly() {
		RestartWindow window = new RestartWindow(Integer.MAX_VALUE - 1, SECOND);
		for (int i = 0; i < 10_000; i++) {
			assertThat(window.add(i)).isTrue();
		}
		assertThat(window.count(10_000)).isEqualTo(10_000);
	}

	@Test
	void clearForgetsEveryRestart() {
		RestartWindow window = new RestartWindow(1, SECOND);
		window.add(0);
		window.clear();
		assertThat(window.add(1)).isTrue();
		assertThat(window.count(1)).isEqualTo(1);
	}

	@Test
	void windowWorksAcrossNanoTimeWraparound() {
		RestartWindow window = new RestartWindow(1, 5 * SECOND);
		long start = Long.MAX_VALUE - SECOND;
		assertThat(window.add(start)).isTrue();
		assertThat(window.add(start + 10 * SECOND)).as("the first entry has expired across the wrap").isTrue();
	}

}
