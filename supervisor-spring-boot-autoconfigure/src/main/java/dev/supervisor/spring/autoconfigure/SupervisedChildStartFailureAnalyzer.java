package dev.supervisor.spring.autoconfigure;

import dev.supervisor.StartFailedException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * {@link FailureAnalyzer} for a supervised child that failed to start with its tree.
 */
class SupervisedChildStartFailureAnalyzer extends AbstractFailureAnalyzer<StartFailedException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, StartFailedException cause) {
		Throwable reason = (cause.getCause() != null) ? cause.getCause() : cause;
		return new FailureAnalysis(
				String.format("Supervised child '%s' failed to start: %s%n%nThe children started "
						+ "before it were stopped again in reverse order.", cause.childPath(), reason),
				String.format("Fix the start of '%s' (the cause is shown below): trees start with the application "
						+ "context, so a child that cannot start fails start-up.", cause.childPath()),
				cause);
	}

}
