package dev.supervisor.spring.autoconfigure;

import java.util.List;

import dev.supervisor.StartFailedException;
import dev.supervisor.spring.assembly.ConfigurationProblem;
import dev.supervisor.spring.assembly.SupervisionConfigurationException;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ApplicationContextException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure analyzers on their own: a nested cause in, description, action and cause
 * out.
 */
class FailureAnalyzersTests {

	@Test
	void configurationProblemsAreDescribedWithTheirPropertyAndFix() {
		SupervisionConfigurationException cause = new SupervisionConfigurationException(List.of(
				new ConfigurationProblem("supervision.trees.ingest.period", "0s", "class path resource [a.yml] - 3:15",
						"must be a positive duration (was PT0S)", "Use a positive duration such as 5s"),
				ConfigurationProblem.of("supervision.trees.ingest.children[1].id", "duplicate id 'a' under 'ingest'",
						"Give each child of 'ingest' its own id")));
		FailureAnalysis analysis = new SupervisionConfigurationFailureAnalyzer()
			.analyze(new BeanCreationException("supervisionRegistry", "failed", cause));
		assertThat(analysis.getDescription())
			.isEqualTo(String.format("Invalid supervision configuration (2 problems):%n%n"
					+ "    Property: supervision.trees.ingest.period%n    Value: \"0s\"%n"
					+ "    Origin: class path resource [a.yml] - 3:15%n    Reason: must be a positive duration (was PT0S)%n%n"
					+ "    Property: supervision.trees.ingest.children[1].id%n    Reason: duplicate id 'a' under 'ingest'"));
		assertThat(analysis.getAction()).isEqualTo(String.format("Update your application's configuration:%n%n"
				+ "    supervision.trees.ingest.period: Use a positive duration such as 5s%n%n"
				+ "    supervision.trees.ingest.children[1].id: Give each child of 'ingest' its own id"));
		assertThat(analysis.getCause()).isSameAs(cause);
	}

	@Test
	void childThatFailsToStartIsNamed() {
		StartFailedException cause = new StartFailedException("ingest/consumers/c1",
				new IllegalStateException("broker unreachable"));
		FailureAnalysis analysis = new SupervisedChildStartFailureAnalyzer()
			.analyze(new ApplicationContextException("Failed to start bean 'supervisionTree.ingest'", cause));
		assertThat(analysis.getDescription()).startsWith(
				"Supervised child 'ingest/consumers/c1' failed to start: java.lang.IllegalStateException: broker "
						+ "unreachable");
		assertThat(analysis.getAction()).contains("Fix the start of 'ingest/consumers/c1'");
		assertThat(analysis.getCause()).isSameAs(cause);
	}

}
