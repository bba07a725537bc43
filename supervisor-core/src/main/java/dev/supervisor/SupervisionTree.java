package dev.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.supervisor.internal.TreeEngine;

/**
 * A supervision tree: a root supervisor with a name, which is also its path. Start it, stop it,
 * restart it when it has failed, look at it and operate on its supervisors.
 *
 * <pre>{@code
 * SupervisionTree tree = SupervisionTree.create("ingest", SupervisorSpec.oneForOne(
 *         ChildSpec.worker("poller", (ctx) -> new Poller())));
 * tree.start();
 * tree.snapshot();
 * tree.stop();
 * }</pre>
 */
public final class SupervisionTree {

	private final TreeEngine engine;

	private final SupervisorSpec spec;

	private SupervisionTree(String name, SupervisorSpec spec, TreeOptions options) {
		this.engine = new TreeEngine(name, spec, options);
		this.spec = spec;
	}

	/**
	 * A tree with the default options (system clock, platform threads).
	 * @param name the root's name
	 * @param spec the root supervisor's spec
	 * @return the tree, not started
	 * @throws InvalidSpecException listing every problem of the specs
	 */
	public static SupervisionTree create(String name, SupervisorSpec spec) {
		return new SupervisionTree(name, spec, TreeOptions.defaults());
	}

	/**
	 * A tree with the given options.
	 * @param name the root's name
	 * @param spec the root supervisor's spec
	 * @param options what the tree runs on
	 * @return the tree, not started
	 * @throws InvalidSpecException listing every problem of the specs
	 */
	public static SupervisionTree create(String name, SupervisorSpec spec, TreeOptions options) {
		return new SupervisionTree(name, spec, options);
	}

	/** @return the root's name, which is its path */
	public String name() {
		return this.engine.name();
	}

	/** @return the root supervisor's spec */
	public SupervisorSpec spec() {
		return this.spec;
	}

	/**
	 * Starts the root supervisor, which starts its children one by one in order (OTP
	 * {@code start_link/2}). Returns once all have started.
	 * @throws StartFailedException if a child failed to start; those started were stopped again in
	 * reverse order and the tree is {@code failed}. Also if the calling thread is interrupted while
	 * it waits (the cause is an {@link InterruptedException}, and the thread's interrupt status is
	 * kept): the tree is then asked to stop, which it does once its start has ended
	 * @throws IllegalStateException if the tree is running
	 */
	public void start() {
		this.engine.start();
	}

	/**
	 * Stops all children in reverse start order, each with its own shutdown, then the root. Waits
	 * as long as that takes (children with shutdown {@code infinity} are awaited).
	 */
	public void stop() {
		this.engine.stop().join();
	}

	/**
	 * Asks the tree to stop and returns at once.
	 * @return completes with the root's exit reason once every child has stopped
	 */
	public CompletableFuture<ExitReason> stopAsync() {
		return this.engine.stop();
	}

	/**
	 * The end of the current run of the tree, whether it was stopped or stopped by itself (it gave
	 * up, or auto-shutdown).
	 * @return completes with the root's exit reason
	 */
	public CompletableFuture<ExitReason> termination() {
		return this.engine.termination();
	}

	/**
	 * The operator's restart of the whole tree: stops it if it runs, then starts it. Brings a
	 * {@code failed} tree back.
	 * @return OK, or START_FAILED with the cause
	 */
	public Outcome restart() {
		return this.engine.restart();
	}

	/** @return the root's state: {@code failed} after it gave up, until restarted */
	public ChildState state() {
		return this.engine.state();
	}

	/** @return a snapshot of the whole tree, with the first page of each dynamic supervisor */
	public NodeSnapshot snapshot() {
		return this.engine.snapshot(SnapshotOptions.DEFAULT);
	}

	/**
	 * A snapshot of the whole tree.
	 * @param options paging and depth
	 * @return the root node
	 */
	public NodeSnapshot snapshot(SnapshotOptions options) {
		return this.engine.snapshot(options);
	}

	/**
	 * A snapshot of one node and its subtree.
	 * @param path the node's path, starting with the tree's name, e.g. {@code ingest/consumers/c-3}
	 * @param options paging and depth
	 * @return the node, or empty if there is no node at that path
	 */
	public Optional<NodeSnapshot> find(String path, SnapshotOptions options) {
		return this.engine.snapshot(path, options);
	}

	/**
	 * A snapshot of one node and its subtree.
	 * @param path the node's path, starting with the tree's name
	 * @return the node, or empty if there is no node at that path
	 */
	public Optional<NodeSnapshot> find(String path) {
		return find(path, SnapshotOptions.DEFAULT);
	}

	/** @return a handle on the root supervisor */
	public SupervisorHandle root() {
		return this.engine.handle(name());
	}

	/**
	 * A handle on a supervisor of this tree; it follows the supervisor across restarts.
	 * @param path the supervisor's path, starting with the tree's name
	 * @return the handle (its operations answer SUPERVISOR_DOWN while nothing runs there)
	 */
	public SupervisorHandle supervisor(String path) {
		return this.engine.handle(path);
	}

	/** @return the longest stopping the tree can take, or empty for infinity */
	public Optional<Duration> worstCaseShutdown() {
		return ShutdownBudget.worstCase(this.spec);
	}

	/** @return warnings about valid but surprising specs (see {@link SpecValidation#warnings}) */
	public List<String> warnings() {
		return SpecValidation.warnings(name(), this.spec);
	}

}
