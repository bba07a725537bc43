package dev.supervisor.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.supervisor.ChildCounts;
import dev.supervisor.ChildInfo;
import dev.supervisor.ChildSpec;
import dev.supervisor.Outcome;
import dev.supervisor.SupervisorDownException;
import dev.supervisor.SupervisorHandle;

import org.jspecify.annotations.Nullable;

/**
 * A handle that finds the supervisor at its path and remembers it until that incarnation ends,
 * then finds the next one: callers never hold a stale supervisor.
 */
final class PathHandle implements SupervisorHandle {

	private final TreeEngine engine;

	private final String path;

	private volatile @Nullable SupervisorActor cached;

	PathHandle(TreeEngine engine, String path) {
		this.engine = engine;
		this.path = path;
	}

	@Override
	public String path() {
		return this.path;
	}

	@Override
	public Outcome startChild(ChildSpec spec) {
		return outcome((a) -> a.operations.startChild(spec));
	}

	@Override
	public Outcome startDynamicChild(@Nullable String id, @Nullable Object argument) {
		return outcome((a) -> a.operations.startDynamicChild(id, argument));
	}

	@Override
	public Outcome terminateChild(String id) {
		return outcome((a) -> a.operations.terminateChild(id));
	}

	@Override
	public Outcome restartChild(String id) {
		return outcome((a) -> a.operations.restartChild(id));
	}

	@Override
	public Outcome forceRestartChild(String id) {
		return outcome((a) -> a.operations.forceRestartChild(id));
	}

	@Override
	public Outcome killChild(String id) {
		return outcome((a) -> a.operations.killChild(id));
	}

	@Override
	public Outcome deleteChild(String id) {
		return outcome((a) -> a.operations.deleteChild(id));
	}

	@Override
	@SuppressWarnings("unchecked")
	public List<ChildInfo> whichChildren() {
		return (List<ChildInfo>) query((a) -> a.operations.whichChildren());
	}

	@Override
	public ChildCounts countChildren() {
		return (ChildCounts) query((a) -> a.operations.countChildren());
	}

	@Override
	@SuppressWarnings("unchecked")
	public Optional<ChildSpec> getChildSpec(String id) {
		return (Optional<ChildSpec>) query((a) -> a.operations.getChildSpec(id));
	}

	private Outcome outcome(Function<SupervisorActor, Object> operation) {
		Object result = call(operation);
		if (result == SupervisorActor.DOWN) {
			return Outcome.of(Outcome.Status.SUPERVISOR_DOWN, this.path, "supervisor '" + this.path + "' is not running");
		}
		return (Outcome) result;
	}

	private Object query(Function<SupervisorActor, Object> operation) {
		Object result = call(operation);
		if (result == SupervisorActor.DOWN) {
			throw new SupervisorDownException(this.path);
		}
		return result;
	}

	private Object call(Function<SupervisorActor, Object> operation) {
		// The supervisor may have been restarted since we last looked: find it again, once.
		for (int attempt = 0; attempt < 2; attempt++) {
			SupervisorActor actor = this.cached;
			// Gone only once its exit is reported: until then it answers "down" itself, in order.
			if (actor == null || actor.terminated.isDone()) {
				actor = this.engine.resolve(this.path);
				this.cached = actor;
			}
			if (actor == null) {
				return SupervisorActor.DOWN;
			}
			Object result = actor.call(operation, false);
			if (result != SupervisorActor.DOWN) {
				return result;
			}
			this.cached = null;
		}
		return SupervisorActor.DOWN;
	}

}
