package dev.supervisor.spring;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.supervisor.ChildState;
import dev.supervisor.ExitReason;
import dev.supervisor.Outcome;
import dev.supervisor.StartFailedException;
import dev.supervisor.SupervisionTree;
import dev.supervisor.spring.assembly.TreeDefinition;
import dev.supervisor.spring.cluster.CoordinatedTree;
import dev.supervisor.spring.cluster.TreeCoordinator;

import org.jspecify.annotations.Nullable;

/**
 * One root tree of the application: its definition, its engine and its lifecycle phase.
 * Watches each run of the tree so that a give-up is acted on. A tree with a
 * {@link TreeCoordinator} (a cluster singleton) is started and stopped by it: the
 * lifecycle only makes this replica take part.
 */
final class ManagedTree implements CoordinatedTree {

	final TreeDefinition definition;

	final SupervisionTree tree;

	final int phase;

	private final Consumer<ManagedTree> onGiveUp;

	private volatile @Nullable TreeCoordinator coordinator;

	ManagedTree(TreeDefinition definition, SupervisionTree tree, int phase, Consumer<ManagedTree> onGiveUp) {
		this.definition = definition;
		this.tree = tree;
		this.phase = phase;
		this.onGiveUp = onGiveUp;
	}

	@Override
	public String name() {
		return this.tree.name();
	}

	@Override
	public SupervisionTree tree() {
		return this.tree;
	}

	void coordinate(TreeCoordinator coordinator) {
		this.coordinator = coordinator;
	}

	@Nullable TreeCoordinator coordinator() {
		return this.coordinator;
	}

	/**
	 * Starts the tree, its children in order, and returns once all run; a coordinated tree
	 * is handed to its coordinator, which starts it when this replica is chosen. A tree that
	 * fails to start with {@code on-give-up: shutdown-application} fails the start-up with its
	 * exit code.
	 */
	void start() {
		TreeCoordinator coordinator = this.coordinator;
		if (coordinator != null) {
			coordinator.join(this);
			return;
		}
		startHere();
	}

	@Override
	public void startHere() {
		try {
			this.tree.start();
		}
		catch (StartFailedException ex) {
			// Interrupted while it waited (the context closes during start-up): no give-up of the tree.
			if (this.definition.onGiveUp() == OnGiveUp.SHUTDOWN_APPLICATION
					&& !(ex.getCause() instanceof InterruptedException)) {
				throw new TreeStartFailedException(name(), this.definition.exitCode(), ex);
			}
			throw ex;
		}
		watch();
	}

	@Override
	public CompletableFuture<ExitReason> stopHere() {
		return this.tree.stopAsync();
	}

	/** The operator's restart of the tree; brings a failed tree back. */
	Outcome restart() {
		TreeCoordinator coordinator = this.coordinator;
		String refusal = (coordinator != null) ? coordinator.refusal() : null;
		if (refusal != null) {
			return Outcome.of(Outcome.Status.NOT_SUPPORTED, name(), refusal);
		}
		Outcome outcome = this.tree.restart();
		if (outcome.isOk()) {
			watch();
		}
		return outcome;
	}

	/**
	 * Asks the tree to stop its children in reverse start order, each within its
	 * shutdown.
	 * @return completes once every child has stopped
	 */
	CompletableFuture<ExitReason> stop() {
		TreeCoordinator coordinator = this.coordinator;
		if (coordinator != null) {
			return coordinator.leave().thenApply((ignored) -> ExitReason.shutdown());
		}
		return this.tree.stopAsync();
	}

	boolean isRunning() {
		TreeCoordinator coordinator = this.coordinator;
		if (coordinator != null) {
			return coordinator.isJoined();
		}
		ChildState state = this.tree.state();
		return state == ChildState.STARTING || state == ChildState.RUNNING || state == ChildState.STOPPING;
	}

	private void watch() {
		this.tree.termination().thenRun(() -> {
			if (this.tree.state() == ChildState.FAILED) {
				this.onGiveUp.accept(this);
			}
		});
	}

}
