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
		// The happy path: an open incarnation, entered without a lock.
		IncarnationSlots.Generation generation = this.slots.tryAcquire(this.path);
		if (generation == null) {
			generation = acquire();
		}
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

	/**
	 * The open incarnation. Without one, a caller waits only while the child may come back (a
	 * restart is pending, or it is starting or being stopped), and asks again at each change of
	 * its state; a child nothing will bring back fails at once. Never under a slot lock: the
	 * supervisor takes it when an incarnation ends.
	 */
	private IncarnationSlots.Generation acquire() {
		long deadline = System.nanoTime() + this.waitTimeout.toNanos();
		while (true) {
			long version = this.slots.version();
			if (!this.slots.isOpen(this.path)) {
				ChildAvailability availability = this.registry.availability(this.path);
				if (!availability.mayComeBack()) {
					throw availability.unavailable(this.path,
							"; nothing will start it again without an operator, so the call does not wait");
				}
			}
			IncarnationSlots.Generation generation = this.slots.acquire(this.path, version, deadline, this.waitTimeout,
					this.maxWaiting, (why) -> this.registry.availability(this.path).unavailable(this.path, why));
			if (generation != null) {
				return generation;
			}
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
