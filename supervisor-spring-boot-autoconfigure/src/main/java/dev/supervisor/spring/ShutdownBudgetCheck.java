package dev.supervisor.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.supervisor.ChildSpec;
import dev.supervisor.DynamicSupervisorSpec;
import dev.supervisor.Shutdown;
import dev.supervisor.ShutdownBudget;
import dev.supervisor.StaticSupervisorSpec;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.spring.assembly.TreeDefinition;

import org.jspecify.annotations.Nullable;

/**
 * Compares a tree's worst-case shutdown time with the time Spring waits for one lifecycle
 * phase ({@code spring.lifecycle.timeout-per-shutdown-phase}) and names the children that
 * make it up.
 */
final class ShutdownBudgetCheck {

	static final String TIMEOUT_PROPERTY = "spring.lifecycle.timeout-per-shutdown-phase";

	private ShutdownBudgetCheck() {
	}

	/**
	 * Checks one tree.
	 * @param tree the tree
	 * @param timeout the phase timeout
	 * @return what is wrong, or {@code null} if the tree stops in time
	 */
	static @Nullable String check(TreeDefinition tree, Duration timeout) {
		Optional<Duration> worstCase = ShutdownBudget.worstCase(tree.spec());
		if (worstCase.isPresent() && worstCase.get().compareTo(timeout) <= 0) {
			return null;
		}
		String consequence = "; Spring goes on with the next lifecycle phases meanwhile (beans are destroyed only "
				+ "once the tree has stopped)";
		if (worstCase.isEmpty()) {
			List<String> infinite = new ArrayList<>();
			collectInfinite(tree.name(), tree.spec(), infinite);
			return "supervision tree '" + tree.name() + "' may never finish stopping: " + String.join(", ", infinite)
					+ " have shutdown infinity and are awaited however long they take, longer than " + TIMEOUT_PROPERTY
					+ " (" + format(timeout) + ")" + consequence;
		}
		return "supervision tree '" + tree.name() + "' may take up to " + format(worstCase.get())
				+ " to stop, longer than " + TIMEOUT_PROPERTY + " (" + format(timeout) + "): " + contributions(tree)
				+ consequence;
	}

	private static String contributions(TreeDefinition tree) {
		if (tree.spec() instanceof DynamicSupervisorSpec dynamic) {
			return "its children stop all at once, each within " + dynamic.template().shutdown();
		}
		List<String> parts = new ArrayList<>();
		for (ChildSpec child : ((StaticSupervisorSpec) tree.spec()).children()) {
			parts.add(tree.name() + "/" + child.id() + " "
					+ ShutdownBudget.worstCase(child).map(ShutdownBudgetCheck::format).orElse("infinity"));
		}
		return "its children stop one after another: " + String.join(", ", parts);
	}

	private static void collectInfinite(String path, SupervisorSpec spec, List<String> paths) {
		List<ChildSpec> children = (spec instanceof StaticSupervisorSpec staticSpec) ? staticSpec.children()
				: List.of(((DynamicSupervisorSpec) spec).template());
		String prefix = (spec instanceof DynamicSupervisorSpec) ? path + "/*" : null;
		for (ChildSpec child : children) {
			String childPath = (prefix != null) ? prefix : path + "/" + child.id();
			if (ShutdownBudget.worstCase(child).isPresent()) {
				continue;
			}
			if (child.supervisor() != null && child.shutdown().kind() == Shutdown.Kind.INFINITY) {
				collectInfinite(childPath, child.supervisor(), paths);
			}
			else {
				paths.add(childPath);
			}
		}
	}

	static String format(Duration duration) {
		return (duration.toMillis() % 1000 != 0) ? duration.toMillis() + "ms" : duration.toSeconds() + "s";
	}

}
