package dev.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Checks a whole tree of specs up front, as OTP's {@code check_childspecs/1} does, and collects
 * every problem with its path instead of stopping at the first.
 */
public final class SpecValidation {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:-]{0,199}");

	private SpecValidation() {
	}

	/**
	 * Checks a tree and throws if anything is wrong.
	 * @param name the root's name (its path)
	 * @param spec the root supervisor's spec
	 * @throws InvalidSpecException listing every problem
	 */
	public static void validate(String name, SupervisorSpec spec) {
		List<SpecProblem> problems = new ArrayList<>();
		String idProblem = checkId(name);
		if (idProblem != null) {
			problems.add(new SpecProblem(name, "name", idProblem));
		}
		problems.addAll(check(name, spec));
		if (!problems.isEmpty()) {
			throw new InvalidSpecException(problems);
		}
	}

	/**
	 * Checks a supervisor's spec and everything below it.
	 * @param path the supervisor's path
	 * @param spec its spec
	 * @return the problems, empty if none
	 */
	public static List<SpecProblem> check(String path, SupervisorSpec spec) {
		List<SpecProblem> problems = new ArrayList<>();
		if (spec.intensity() < 0) {
			problems.add(new SpecProblem(path, "intensity", "must be >= 0 (was " + spec.intensity() + ")"));
		}
		positive(problems, path, "period", spec.period());
		if (spec instanceof StaticSupervisorSpec staticSpec) {
			Set<String> ids = new HashSet<>();
			for (ChildSpec child : staticSpec.children()) {
				if (!ids.add(child.id())) {
					problems.add(new SpecProblem(path + "/" + child.id(), "id",
							"duplicate id '" + child.id() + "' under '" + path + "': ids must be unique among siblings"));
				}
				problems.addAll(checkChild(path, child, staticSpec.autoShutdown()));
			}
		}
		else if (spec instanceof DynamicSupervisorSpec dynamic) {
			if (dynamic.maxChildren() < 1) {
				problems.add(new SpecProblem(path, "max-children", "must be >= 1 (was " + dynamic.maxChildren() + ")"));
			}
			problems.addAll(checkChild(path, dynamic.template(), dynamic.autoShutdown(), true));
		}
		return problems;
	}

	/**
	 * Checks one child spec, and its subtree if it is a supervisor.
	 * @param parentPath the path of its supervisor
	 * @param child the spec
	 * @param autoShutdown the supervisor's auto-shutdown, or {@code null} for the template of a dynamic
	 * supervisor with auto-shutdown {@code never}
	 * @return the problems, empty if none
	 */
	public static List<SpecProblem> checkChild(String parentPath, ChildSpec child, @Nullable AutoShutdown autoShutdown) {
		return (autoShutdown != null) ? checkChild(parentPath, child, autoShutdown, false)
				: checkChild(parentPath, child, AutoShutdown.NEVER, true);
	}

	/**
	 * Checks one child spec, or the template of a dynamic supervisor, and its subtree if it is a
	 * supervisor.
	 * @param parentPath the path of its supervisor
	 * @param child the spec
	 * @param autoShutdown the supervisor's auto-shutdown
	 * @param template whether the spec is a dynamic supervisor's template (its id is replaced per child)
	 * @return the problems, empty if none
	 */
	public static List<SpecProblem> checkChild(String parentPath, ChildSpec child, AutoShutdown autoShutdown,
			boolean template) {
		List<SpecProblem> problems = new ArrayList<>();
		String path = parentPath + "/" + child.id();
		String idProblem = checkId(child.id());
		if (idProblem != null && !template) {
			problems.add(new SpecProblem(path, "id", idProblem));
		}
		if (child.shutdown().kind() == Shutdown.Kind.TIMEOUT) {
			positive(problems, path, "shutdown", child.shutdown().timeout());
		}
		if (child.significant()) {
			if (child.restart() != RestartType.TRANSIENT && child.restart() != RestartType.TEMPORARY) {
				problems.add(new SpecProblem(path, "significant", "only transient or temporary children can be "
						+ "significant (restart was " + name(child.restart()) + ")"));
			}
			if (autoShutdown == AutoShutdown.NEVER) {
				problems.add(new SpecProblem(path, "significant", "'" + parentPath + "' has auto-shutdown never, "
						+ "so significant children are not allowed: set auto-shutdown to any-significant or "
						+ "all-significant, or make the child not significant"));
			}
		}
		Backoff backoff = child.backoff();
		if (backoff != null) {
			if (backoff.initial().isNegative()) {
				problems.add(new SpecProblem(path, "backoff.initial", "must not be negative (was " + backoff.initial() + ")"));
			}
			if (backoff.max().compareTo(backoff.initial()) < 0) {
				problems.add(new SpecProblem(path, "backoff.max",
						"must be >= backoff.initial (was " + backoff.max() + " < " + backoff.initial() + ")"));
			}
			if (!(backoff.jitter() >= 0.0 && backoff.jitter() <= 1.0)) {
				problems.add(new SpecProblem(path, "backoff.jitter", "must be between 0 and 1 (was " + backoff.jitter() + ")"));
			}
			positive(problems, path, "backoff.reset-after", backoff.resetAfter());
		}
		if (child.delayOnMaxIntensity() != null) {
			positive(problems, path, "delay-on-max-intensity", child.delayOnMaxIntensity());
		}
		SupervisorSpec nested = child.supervisor();
		if (nested != null) {
			problems.addAll(check(path, nested));
		}
		return problems;
	}

	/**
	 * Checks a child id.
	 * @param id the id
	 * @return the problem, or {@code null} if the id is valid
	 */
	public static @Nullable String checkId(String id) {
		if (ID.matcher(id).matches()) {
			return null;
		}
		return "invalid id '" + id + "': use 1 to 200 letters, digits, '.', '_', '@', ':' or '-', "
				+ "starting with a letter or digit ('/' separates path segments)";
	}

	/**
	 * The warnings for a tree that is valid but surprising: a child whose restart can never happen
	 * often enough to reach its supervisor's intensity, so it would be restarted forever (OTP's
	 * silent infinite-restart trap).
	 * @param path the root's path
	 * @param spec the root's spec
	 * @return one message per such child
	 */
	public static List<String> warnings(String path, SupervisorSpec spec) {
		List<String> warnings = new ArrayList<>();
		collectWarnings(path, spec, warnings);
		return warnings;
	}

	private static void collectWarnings(String path, SupervisorSpec spec, List<String> warnings) {
		List<ChildSpec> children = (spec instanceof StaticSupervisorSpec s) ? s.children()
				: List.of(((DynamicSupervisorSpec) spec).template());
		if (spec.intensity() > 0) {
			Duration spacing = spec.period().dividedBy(spec.intensity());
			for (ChildSpec child : children) {
				// The backoff is a certain minimum between two restarts of the child.
				Duration cycle = (child.backoff() != null) ? child.backoff().initial() : Duration.ZERO;
				if (cycle.compareTo(spacing) > 0) {
					warnings.add("'" + path + "/" + child.id() + "': restarts are at least " + cycle
							+ " apart (backoff), longer than period / intensity = " + spacing + " of '" + path
							+ "', so the restart intensity can never be reached and the child would be restarted "
							+ "forever; lower the intensity, lengthen the period or shorten the backoff");
				}
			}
		}
		for (ChildSpec child : children) {
			if (child.supervisor() != null) {
				collectWarnings(path + "/" + child.id(), child.supervisor(), warnings);
			}
		}
	}

	private static void positive(List<SpecProblem> problems, String path, String field, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			problems.add(new SpecProblem(path, field, "must be a positive duration (was " + value + ")"));
		}
	}

	private static String name(Enum<?> value) {
		return value.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
