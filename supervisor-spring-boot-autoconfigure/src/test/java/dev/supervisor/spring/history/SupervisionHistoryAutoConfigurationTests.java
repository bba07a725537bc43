package dev.supervisor.spring.history;

import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per condition of the history's auto-configuration.
 */
class SupervisionHistoryAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SupervisionAutoConfiguration.class));

	@Test
	void aHistoryIsKeptByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(SupervisionHistory.class)
			.getBean(SupervisionHistory.class)
			.extracting(SupervisionHistory::size)
			.isEqualTo(SupervisionHistory.DEFAULT_SIZE));
	}

	@Test
	void theSizeIsConfigurable() {
		this.runner.withPropertyValues("supervision.history.size=7")
			.run((context) -> assertThat(context.getBean(SupervisionHistory.class).size()).isEqualTo(7));
	}

	@Test
	void noHistoryWhenDisabled() {
		this.runner.withPropertyValues("supervision.history.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SupervisionHistory.class));
	}

	@Test
	void aSizeBelowOneFailsWithTheProperty() {
		this.runner.withPropertyValues("supervision.history.size=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("supervision.history.size"));
	}

}
