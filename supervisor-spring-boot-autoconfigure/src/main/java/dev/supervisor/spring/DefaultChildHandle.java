package dev.supervisor.spring;

import java.time.Duration;
import java.util.function.Function;

import dev.supervisor.ChildState;
import dev.supervisor.spring.handle.ChildHandle;
import dev.supervisor.spring.handle.ChildUnavailableException;
import dev.supervisor.spring.handle.IncarnationSlots;

/**
 * A handle that looks the child's open incarnation up on every call.
 *
 * @param <T> the type of the child's instances
 */
final class DefaultChildHandle<T> implements ChildHandle<T> {

	private final SupervisionRegistry registry;

	private final IncarnationSlots slots;

	private final String path;

	private final Class<T> type;

	private final Duration waitTimeout;

	private final int maxWaiting;

	DefaultChildHandle(SupervisionRegistry registry, IncarnationSlots slots, String path, Class<T> type,
			Duration waitTimeout, int maxWaiting) {
		this.registry = registry;
		this.slots = slots;
		this.path = path;
		this.type = type;
		this.waitTimeout = waitTimeout;
		this.maxWaiting = maxWaiting;
	}

	@Override
	public String path() {
		return this.path;
	}

	@Override
	public <R> R call(Function<? super T, ? extends R> action) {
		// Only when nothing is open: a child that is gone (a dynamic child that ended) will not
		// come back, so waiting for it would only waste the caller's time. Never under a slot
		// lock: the supervisor takes it when an incarnation ends.
		if (!this.slots.isOpen(this.path) && this.registry.isAbsent(this.path)) {
			throw new ChildUnavailableException(this.path, "absent", "Supervised child '" + this.path
					+ "' does not exist in its running tree (a dynamic child that ended, or was never started)");
		}
		IncarnationSlots.Generation generation = this.slots.acquire(this.path, this.waitTimeout, this.maxWaiting,
				() -> this.registry.describeState(this.path));
		try {
			if (!this.type.isInstance(generation.target())) {
				throw new ClassCastException("Supervised child '" + this.path + "' is a "
						+ generation.target().getClass().getName() + ", not a " + this.type.getName());
			}
			return action.apply(this.type.cast(generation.target()));
		}
		finally {
			this.slots.release(generation);
		}
	}

	@Override
	public ChildState state() {
		return this.registry.state(this.path);
	}

	@Override
	public String toString() {
		return "ChildHandle[" + this.path + "]";
	}

}
