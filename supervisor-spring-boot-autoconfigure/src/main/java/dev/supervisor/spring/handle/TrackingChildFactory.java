package dev.supervisor.spring.handle;

import dev.supervisor.ChildContext;
import dev.supervisor.ChildFactory;
import dev.supervisor.ChildKind;
import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.Worker;
import dev.supervisor.spring.child.AdaptedChild;

import org.jspecify.annotations.Nullable;

/**
 * Wraps the factory of a worker or service so that handles follow its incarnations: each
 * is opened in {@link IncarnationSlots} once running and closed before it stops or when
 * it exits, and is released only when no call uses it any more: by the supervisor if
 * none does, else by the last call as it ends (the supervisor never waits for a call,
 * which may be waiting for it).
 */
final class TrackingChildFactory implements ChildFactory<Object> {

	private final ChildFactory<?> delegate;

	private final ChildKind kind;

	private final IncarnationSlots slots;

	TrackingChildFactory(ChildFactory<?> delegate, ChildKind kind, IncarnationSlots slots) {
		this.delegate = delegate;
		this.kind = kind;
		this.slots = slots;
	}

	@Override
	public @Nullable Object create(ChildContext context) throws Exception {
		Object instance = this.delegate.create(context);
		if (instance == null) {
			return null;
		}
		Object target = (instance instanceof AdaptedChild adapted) ? adapted.target() : instance;
		if (this.kind == ChildKind.WORKER && instance instanceof Worker worker) {
			return new TrackedWorker(worker, target);
		}
		if (this.kind == ChildKind.SERVICE && instance instanceof Service service) {
			return new TrackedService(service, target);
		}
		// Let the engine report the wrong type, as it does for any factory.
		return instance;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void release(Object instance) {
		ChildFactory<Object> delegate = (ChildFactory<Object>) this.delegate;
		if (instance instanceof Tracked tracked) {
			Object created = tracked.delegate();
			IncarnationSlots.Generation generation = tracked.generation();
			if (generation != null) {
				// Closed here too: a service the engine could not stop (no thread) never closed it.
				this.slots.closeThenWhenUnused(generation, () -> delegate.release(created));
				return;
			}
			instance = created;
		}
		delegate.release(instance);
	}

	@Override
	@SuppressWarnings("unchecked")
	public Object target(Object instance) {
		// The tracking wrapper is new per incarnation; what it runs on is its delegate's target.
		Object created = (instance instanceof Tracked tracked) ? tracked.delegate() : instance;
		return ((ChildFactory<Object>) this.delegate).target(created);
	}

	/** A worker or service whose incarnation handles can reach. */
	private interface Tracked {

		IncarnationSlots.@Nullable Generation generation();

		Object delegate();

	}

	/** A worker open from the start of its run until it returns or throws. */
	private final class TrackedWorker implements Worker, Tracked {

		private final Worker worker;

		private final Object target;

		private volatile IncarnationSlots.@Nullable Generation generation;

		TrackedWorker(Worker worker, Object target) {
			this.worker = worker;
			this.target = target;
		}

		@Override
		public void run(ChildContext context) throws Exception {
			IncarnationSlots.Generation opened = TrackingChildFactory.this.slots.open(context.path(), this.target,
					context);
			this.generation = opened;
			try {
				this.worker.run(context);
			}
			finally {
				// The exit is reported only once the calls in progress are done.
				TrackingChildFactory.this.slots.close(opened, true);
			}
		}

		@Override
		public IncarnationSlots.@Nullable Generation generation() {
			return this.generation;
		}

		@Override
		public Object delegate() {
			return this.worker;
		}

	}

	/**
	 * A service open from the end of its start until its stop begins or it reports its
	 * exit.
	 */
	private final class TrackedService implements Service, Tracked {

		private final Service service;

		private final Object target;

		private IncarnationSlots.@Nullable Generation generation;

		private boolean ended;

		TrackedService(Service service, Object target) {
			this.service = service;
			this.target = target;
		}

		@Override
		public void start(ServiceContext context) throws Exception {
			this.service.start(new TrackedContext(context, this));
			synchronized (this) {
				// It may have reported its exit from within start().
				if (!this.ended) {
					this.generation = TrackingChildFactory.this.slots.open(context.path(), this.target, context);
				}
			}
		}

		@Override
		public void stop(ServiceContext context) throws Exception {
			close(true);
			this.service.stop(context);
		}

		void close(boolean drain) {
			IncarnationSlots.Generation opened;
			synchronized (this) {
				this.ended = true;
				opened = this.generation;
			}
			if (opened != null) {
				TrackingChildFactory.this.slots.close(opened, drain);
			}
		}

		@Override
		public synchronized IncarnationSlots.@Nullable Generation generation() {
			return this.generation;
		}

		@Override
		public Object delegate() {
			return this.service;
		}

	}

	/**
	 * The context a tracked service sees: reporting an exit closes the incarnation first.
	 * It does not wait for calls in progress, since the report may come from one of them;
	 * the release waits for them instead.
	 */
	private static final class TrackedContext implements ServiceContext {

		private final ServiceContext context;

		private final TrackedService service;

		TrackedContext(ServiceContext context, TrackedService service) {
			this.context = context;
			this.service = service;
		}

		@Override
		public void fail(Throwable error) {
			this.service.close(false);
			this.context.fail(error);
		}

		@Override
		public void exit() {
			this.service.close(false);
			this.context.exit();
		}

		@Override
		public String path() {
			return this.context.path();
		}

		@Override
		public long incarnation() {
			return this.context.incarnation();
		}

		@Override
		public @Nullable Object argument() {
			return this.context.argument();
		}

		@Override
		public boolean stopRequested() {
			return this.context.stopRequested();
		}

		@Override
		public boolean abandoned() {
			return this.context.abandoned();
		}

	}

}
