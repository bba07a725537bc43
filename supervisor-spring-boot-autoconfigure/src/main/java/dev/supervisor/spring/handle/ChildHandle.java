package dev.supervisor.spring.handle;

import java.util.function.Consumer;
import java.util.function.Function;

import dev.supervisor.ChildState;
import dev.supervisor.spring.SupervisionRegistry;

/**
 * A stable reference to a supervised worker or service, by path: every call reaches the
 * child's current incarnation, never a stopped one. A call made while the child is not
 * running waits for the next incarnation up to {@code supervision.handles.wait-timeout},
 * then fails with a {@link ChildUnavailableException}; at most
 * {@code supervision.handles.max-waiting} callers wait for one child, further callers
 * fail at once.
 * <p>
 * Get one from {@link SupervisionRegistry#handle(String, Class)}, or inject it:
 * <pre>{@code
 * OrderService(@SupervisionPath("ingest/connection") ChildHandle<BrokerConnection> connection)
 * }</pre>
 *
 * @param <T> the type of the child's instances
 */
public interface ChildHandle<T> {

	/**
	 * The child's path.
	 * @return the path, e.g. {@code ingest/connection}
	 */
	String path();

	/**
	 * Calls the current incarnation. A service takes no new call once its stop begins or
	 * it reports its exit, and its stop waits for the calls in progress; a worker takes
	 * calls until its {@code run} returns, and its exit is reported once the calls in
	 * progress are done. No incarnation is released (destroyed) while a call uses it.
	 * @param <R> the result type
	 * @param action what to do with the incarnation
	 * @return the action's result
	 * @throws ChildUnavailableException if no incarnation was running in time, or too
	 * many callers wait already
	 */
	<R> R call(Function<? super T, ? extends R> action);

	/**
	 * Runs an action on the current incarnation; see {@link #call}.
	 * @param action what to do with the incarnation
	 * @throws ChildUnavailableException if no incarnation was running in time, or too
	 * many callers wait already
	 */
	default void run(Consumer<? super T> action) {
		call((instance) -> {
			action.accept(instance);
			return null;
		});
	}

	/**
	 * The child's state as operators see it.
	 * @return the state; {@code STOPPED} for a dynamic child that does not exist (any
	 * more)
	 */
	ChildState state();

}
