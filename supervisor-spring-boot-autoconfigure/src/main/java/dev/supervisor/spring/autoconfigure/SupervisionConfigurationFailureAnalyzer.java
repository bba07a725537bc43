package dev.supervisor.spring.autoconfigure;

import dev.supervisor.spring.assembly.SupervisionConfigurationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * {@link FailureAnalyzer} for {@link SupervisionConfigurationException}: each problem
 * with its property, value and origin, and what to do about it.
 */
class SupervisionConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<SupervisionConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SupervisionConfigurationException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
