package dev.supervisor;

import java.util.List;

/**
 * Thrown when a tree's specs are invalid (OTP {@code check_childspecs/1}); lists every problem
 * found, each with the path it concerns.
 */
public class InvalidSpecException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final transient List<SpecProblem> problems;

	/**
	 * @param problems the problems found, at least one
	 */
	public InvalidSpecException(List<SpecProblem> problems) {
		super(message(problems));
		this.problems = List.copyOf(problems);
	}

	private static String message(List<SpecProblem> problems) {
		StringBuilder text = new StringBuilder("Invalid supervision spec (" + problems.size() + " problem"
				+ ((problems.size() == 1) ? "" : "s") + "):");
		problems.forEach((problem) -> text.append("\n - ").append(problem));
		return text.toString();
	}

	/** @return the problems, each with its path */
	public List<SpecProblem> problems() {
		return this.problems;
	}

}
