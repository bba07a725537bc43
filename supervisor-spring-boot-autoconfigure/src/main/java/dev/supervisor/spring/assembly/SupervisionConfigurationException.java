package dev.supervisor.spring.assembly;

import java.util.List;

/**
 * Thrown at start-up when the trees are declared wrongly. Carries the description and the
 * action a failure analyzer shows, one entry per problem, each naming its property.
 */
public class SupervisionConfigurationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** The problems, in the order they were found. */
	private final transient List<ConfigurationProblem> problems;

	/** What to do, per property. */
	private final String action;

	/**
	 * @param problems the problems found, at least one
	 */
	public SupervisionConfigurationException(List<ConfigurationProblem> problems) {
		super(describe(problems));
		this.problems = List.copyOf(problems);
		this.action = act(problems);
	}

	private static String describe(List<ConfigurationProblem> problems) {
		StringBuilder description = new StringBuilder("Invalid supervision configuration (").append(problems.size())
			.append((problems.size() == 1) ? " problem" : " problems")
			.append("):");
		for (ConfigurationProblem problem : problems) {
			description.append(String.format("%n%n    Property: %s", problem.property()));
			if (problem.value() != null) {
				description.append(String.format("%n    Value: \"%s\"", problem.value()));
			}
			if (problem.origin() != null) {
				description.append(String.format("%n    Origin: %s", problem.origin()));
			}
			description.append(String.format("%n    Reason: %s", problem.reason()));
		}
		return description.toString();
	}

	private static String act(List<ConfigurationProblem> problems) {
		StringBuilder action = new StringBuilder("Update your application's configuration:");
		for (ConfigurationProblem problem : problems) {
			action.append(String.format("%n%n    %s: %s", problem.property(), problem.action()));
		}
		return action.toString();
	}

	/**
	 * Return the description of every problem, with its property, value and origin.
	 * @return the description of every problem, with its property, value and origin
	 */
	public String getDescription() {
		return getMessage();
	}

	/**
	 * Return what to do, per property.
	 * @return what to do, per property
	 */
	public String getAction() {
		return this.action;
	}

	/**
	 * Return the problems.
	 * @return the problems
	 */
	public List<ConfigurationProblem> getProblems() {
		return this.problems;
	}

}
