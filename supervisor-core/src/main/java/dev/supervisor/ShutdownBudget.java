package dev.supervisor;

import java.time.Duration;
import java.util.Optional;

/**
 * The worst-case time a subtree takes to stop: the sum over static children (they stop one at a
 * time), the maximum over dynamic ones (they stop all at once), {@code infinity} propagating.
 */
public final class ShutdownBudget {

	private ShutdownBudget() {
	}

	/**
	 * The longest a supervisor can take to stop all its children.
	 * @param spec the supervisor's spec
	 * @return the bound, or empty for infinity
	 */
	public static Optional<Duration> worstCase(SupervisorSpec spec) {
		if (spec instanceof DynamicSupervisorSpec dynamic) {
			return worstCase(dynamic.template());
		}
		Duration total = Duration.ZERO;
		for (ChildSpec child : ((StaticSupervisorSpec) spec).children()) {
			Optional<Duration> bound = worstCase(child);
			if (bound.isEmpty()) {
				return Optional.empty();
			}
			total = total.plus(bound.get());
		}
		return Optional.of(total);
	}

	/**
	 * The longest stopping one child can take: its own shutdown, or for a supervisor with
	 * shutdown {@code infinity} its subtree's worst case (and never more than its timeout).
	 * @param child the child's spec
	 * @return the bound, or empty for infinity
	 */
	public static Optional<Duration> worstCase(ChildSpec child) {
		Shutdown shutdown = child.shutdown();
		SupervisorSpec nested = child.supervisor();
		Optional<Duration> own = Optional.ofNullable(shutdown.bound());
		if (nested == null || shutdown.kind() == Shutdown.Kind.BRUTAL_KILL) {
			return own;
		}
		Optional<Duration> subtree = worstCase(nested);
		if (own.isEmpty()) {
			return subtree;
		}
		return Optional.of(subtree.map((s) -> (s.compareTo(own.get()) < 0) ? s : own.get()).orElse(own.get()));
	}

}
