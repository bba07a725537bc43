package dev.supervisor.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.supervisor.ChildSpec;
import dev.supervisor.ChildState;
import dev.supervisor.ExitReason;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.Outcome;
import dev.supervisor.Shutdown;
import dev.supervisor.SnapshotOptions;
import dev.supervisor.SpecValidation;
import dev.supervisor.StartFailedException;
import dev.supervisor.SupervisorHandle;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.TreeOptions;

import org.jspecify.annotations.Nullable;

/**
 * The engine behind one {@link dev.supervisor.SupervisionTree}: owns the root supervisor's
 * incarnations and resolves paths. Public only so the API package can reach it; not an API.
 */
public final class TreeEngine implements ExitSink {

	private final String name;

	private final SupervisorSpec spec;

	private final TreeRuntime runtime;

	/** The root's own record: its incarnations, its last exit. Guarded by {@code this}. */
	private final ChildRecord root;

	private volatile @Nullable SupervisorActor actor;

	private volatile boolean startFailed;

	/**
	 * @param name the root's name, its path
	 * @param spec the root supervisor's spec, validated here
	 * @param options what the tree runs on
	 */
	public TreeEngine(String name, SupervisorSpec spec, TreeOptions options) {
		SpecValidation.validate(name, spec);
		this.name = name;
		this.spec = spec;
		this.runtime = new TreeRuntime(name, options);
		this.root = new ChildRecord(name, ChildSpec.supervisor(name, spec), null);
	}

	/** Starts the root supervisor and, in order, all its children; see {@code SupervisionTree#start}. */
	public void start() {
		SupervisorActor previous = this.actor;
		if (previous != null && previous.isTerminated() && !previous.terminated.isDone()) {
			if (previous.isOwnThread()) {
				throw new IllegalStateException("Tree '" + this.name + "' cannot be started from its own root thread "
						+ "while that root is still reporting its exit");
			}
			// Its exit is being reported: the new run starts only after, so the old exit never ends it.
			previous.terminated.join();
		}
		SupervisorActor started;
		synchronized (this) {
			SupervisorActor current = this.actor;
			if (current != null && !current.terminated.isDone()) {
				throw new IllegalStateException("Tree '" + this.name + "' is already running");
			}
			SupervisorIncarnation incarnation = new SupervisorIncarnation(this, this.root, ++this.root.incarnations);
			started = new SupervisorActor(this.name, this.spec, this.runtime, incarnation);
			incarnation.actor = started;
			this.root.current = incarnation;
			this.root.lastSupervisor = started;
			this.root.sinceMillis = this.runtime.clock.currentTimeMillis();
			this.startFailed = false;
			this.actor = started;
			this.runtime.open();
			started.start();
		}
		// Never under the lock: listeners may look at the tree while its children start.
		try {
			started.started.get();
			this.runtime.reporter.treeStarted(started, started.self.number);
		}
		catch (InterruptedException ex) {
			// The caller stopped waiting (an application context closed while it starts; OTP: the
			// caller of start_link exits): the tree stops once its start has ended, as if asked to
			// stop right after it.
			started.requestStop();
			Thread.currentThread().interrupt();
			throw new StartFailedException(this.name, ex);
		}
		catch (ExecutionException ex) {
			StartFailedException failure = (StartFailedException) ex.getCause();
			synchronized (this) {
				this.root.current = null;
				this.startFailed = true;
				this.root.lastExit = ExitReason.crashed(failure);
				this.root.lastExitMillis = this.runtime.clock.currentTimeMillis();
				this.root.sinceMillis = this.root.lastExitMillis;
				this.runtime.close();
			}
			throw failure;
		}
	}

	/**
	 * Asks the root supervisor to stop its children in reverse order, then itself.
	 * @return completes with the root's exit reason once every child has stopped
	 */
	public CompletableFuture<ExitReason> stop() {
		SupervisorActor current = this.actor;
		if (current == null) {
			return CompletableFuture.completedFuture(ExitReason.shutdown());
		}
		current.requestStop();
		return current.terminated;
	}

	/** @return completes with the root's exit reason when the current run ends (by itself or by stop) */
	public CompletableFuture<ExitReason> termination() {
		SupervisorActor current = this.actor;
		return (current != null) ? current.terminated : CompletableFuture.completedFuture(ExitReason.shutdown());
	}

	/**
	 * The operator's restart of the whole tree: stops it if it runs, then starts it.
	 * @return OK, or START_FAILED with the cause
	 */
	public Outcome restart() {
		// Not under the lock: the stopping root takes it to report its exit.
		stop().join();
		try {
			start();
			return Outcome.ok(this.name, "tree started, incarnation " + this.root.incarnations);
		}
		catch (IllegalStateException ex) {
			return Outcome.of(Outcome.Status.RUNNING, this.name, "tree '" + this.name + "' was started meanwhile");
		}
		catch (StartFailedException ex) {
			return new Outcome(Outcome.Status.START_FAILED, this.name, ex.getMessage(), ex);
		}
	}

	/** @return the root's state as operators see it */
	public ChildState state() {
		SupervisorActor current = this.actor;
		if (current == null || this.startFailed) {
			return this.startFailed ? ChildState.FAILED : ChildState.STOPPED;
		}
		return switch (current.phase) {
			case NEW, STARTING -> ChildState.STARTING;
			case RUNNING -> ChildState.RUNNING;
			case STOPPING -> ChildState.STOPPING;
			case TERMINATED -> (current.gaveUp || current.crashed()) ? ChildState.FAILED : ChildState.STOPPED;
		};
	}

	@Override
	public synchronized void exited(Incarnation incarnation) {
		// Only the current run's exit changes the root: an old run's never ends a new one.
		if (this.root.current == incarnation) {
			this.root.current = null;
			this.root.lastExit = incarnation.exitReason();
			this.root.lastExitMillis = this.runtime.clock.currentTimeMillis();
			this.root.sinceMillis = this.root.lastExitMillis;
			this.runtime.close();
		}
	}

	@Override
	public void wake() {
		// The root's starter waits on a future, not on a mailbox.
	}

	@Override
	public String childPath(String id) {
		return id;
	}

	/**
	 * A snapshot of the whole tree.
	 * @param options paging and depth
	 * @return the root node
	 */
	public NodeSnapshot snapshot(SnapshotOptions options) {
		ChildView root = rootView();
		return new NodeSnapshot(this.name, this.name, root.spec().kind(), null, Shutdown.INFINITY, false, state(),
				root.incarnation(), (root.sinceMillis() != 0) ? Instant.ofEpochMilli(root.sinceMillis()) : null, 0,
				Snapshots.exitInfo(root), null, false, java.util.List.of(), Snapshots.rootPart(root, options));
	}

	private synchronized ChildView rootView() {
		return new ChildView(this.name, this.root.spec, ChildState.STOPPED, this.root.incarnations, rootSinceMillis(),
				0, this.root.lastExit, this.root.lastExitMillis, 0, false, java.util.List.of(), this.actor);
	}

	/**
	 * When the root entered the state {@link #state()} shows: the start of the run, its running,
	 * its stopping, its end. Guarded by {@code this}.
	 */
	private long rootSinceMillis() {
		SupervisorActor current = this.actor;
		if (current == null || this.startFailed) {
			return this.root.sinceMillis;
		}
		return Math.max(this.root.sinceMillis, current.phaseSinceMillis);
	}

	/**
	 * A snapshot of one node and its subtree.
	 * @param path the node's path, starting with the tree's name
	 * @param options paging and depth
	 * @return the node, or empty if there is no such node
	 */
	public Optional<NodeSnapshot> snapshot(String path, SnapshotOptions options) {
		String[] segments = path.split("/");
		if (!segments[0].equals(this.name)) {
			return Optional.empty();
		}
		if (segments.length == 1) {
			return Optional.of(snapshot(options));
		}
		SupervisorActor parent = this.actor;
		for (int i = 1; i < segments.length; i++) {
			if (parent == null) {
				return Optional.empty();
			}
			ChildView child = childView(parent, segments[i]);
			if (child == null) {
				return Optional.empty();
			}
			if (i == segments.length - 1) {
				return Optional.of(Snapshots.node(parent.childPath(child.id()), child, options));
			}
			parent = child.spec().kind().isSupervisor() ? child.actor() : null;
		}
		return Optional.empty();
	}

	/**
	 * A handle on the supervisor at the path; it finds the current incarnation on every use.
	 * @param path the supervisor's path, starting with the tree's name
	 * @return the handle
	 */
	public SupervisorHandle handle(String path) {
		return new PathHandle(this, path);
	}

	/** The running supervisor at the path, or {@code null}. */
	@Nullable SupervisorActor resolve(String path) {
		String[] segments = path.split("/");
		SupervisorActor current = this.actor;
		if (!segments[0].equals(this.name)) {
			return null;
		}
		for (int i = 1; i < segments.length && current != null; i++) {
			ChildView child = childView(current, segments[i]);
			current = (child != null && child.state() != ChildState.STOPPED) ? child.actor() : null;
		}
		return (current != null && !current.terminated.isDone()) ? current : null;
	}

	private static @Nullable ChildView childView(SupervisorActor actor, String id) {
		if (actor.isTerminated()) {
			ChildRecord record = actor.children.get(id);
			return (record != null) ? ChildView.of(actor, record) : null;
		}
		Object result = actor.call((a) -> {
			ChildRecord record = a.children.get(id);
			return (record != null) ? ChildView.of(a, record) : SupervisorActor.DOWN;
		}, true);
		if (result == SupervisorActor.DOWN) {
			return actor.isTerminated() ? childView(actor, id) : null;
		}
		return (ChildView) result;
	}

	/** @return the tree's name */
	public String name() {
		return this.name;
	}

}
