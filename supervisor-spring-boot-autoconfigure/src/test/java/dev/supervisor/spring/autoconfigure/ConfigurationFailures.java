package dev.supervisor.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import dev.supervisor.spring.assembly.ConfigurationProblem;
import dev.supervisor.spring.assembly.SupervisionConfigurationException;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up failures of bad configuration, for the tests that read them: the failure, and its
 * problems by property.
 */
final class ConfigurationFailures {

	private ConfigurationFailures() {
	}

	/**
	 * Runs the context with the properties and returns why it failed to start.
	 * @param runner the runner
	 * @param properties the properties, e.g. {@code spring.config.location=classpath:x.yml}
	 * @return the start-up failure
	 */
	static Throwable startupFailure(ApplicationContextRunner runner, String... properties) {
		Throwable[] failure = new Throwable[1];
		runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			failure[0] = context.getStartupFailure();
		});
		return failure[0];
	}

	/**
	 * Runs the context with the properties and returns the problems of its configuration.
	 * @param runner the runner
	 * @param properties the properties
	 * @return the problems by property, in the order reported
	 */
	static Map<String, ConfigurationProblem> problems(ApplicationContextRunner runner, String... properties) {
		return byProperty(startupFailure(runner, properties));
	}

	/**
	 * The problems of a start-up failure, which must be a configuration failure.
	 * @param failure the failure
	 * @return the problems by property, in the order reported
	 */
	static Map<String, ConfigurationProblem> byProperty(Throwable failure) {
		SupervisionConfigurationException exception = NestedExceptionUtils.getMostSpecificCause(failure)
				instanceof SupervisionConfigurationException found ? found : null;
		assertThat(exception).as("the configuration failure in %s", failure).isNotNull();
		return exception.getProblems()
			.stream()
			.collect(Collectors.toMap(ConfigurationProblem::property, (problem) -> problem, (a, b) -> a,
					LinkedHashMap::new));
	}

}
