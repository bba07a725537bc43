package dev.supervisor.spring;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.supervisor.ChildState;
import dev.supervisor.ExitReason;
import dev.supervisor.Outcome;
import dev.supervisor.StartFailedException;
import dev.supervisor.SupervisionTree;
import dev.supervisor.spring.assembly.TreeDefinition;

/**
 * One root tree of the application: its definition, its engine and its lifecycle phase.
 * Watches each run of the tree so that a give-up is acted on.
 */
final class ManagedTree {

	final TreeDefinition definition;

	final SupervisionTree tree;

	final int phase;

	private final Consumer<ManagedTree> onGiveUp;

	ManagedTree(TreeDefinition definition, SupervisionTree tree, int phase, Consumer<ManagedTree> onGiveUp) {
		this.definition = definition;
		this.tree = tree;
		this.phase = phase;
		this.onGiveUp = onGiveUp;
	}

	String name() {
		return this.tree.name();
	}

	/**
	 * Starts the tree, its children in order, and returns once all run. A tree that fails to start
	 * with {@code on-give-up: shutdown-application} fails the start-up with its exit code.
	 */
	void start() {
		try {
			this.tree.start();
		}
		catch (StartFailedException ex) {
			if (this.definition.onGiveUp() == OnGiveUp.SHUTDOWN_APPLICATION) {
				throw new TreeStartFailedException(name(), this.definition.exitCode(), ex);
			}
			throw ex;
		}
		watch();
	}

	/** The operator's restart of the tree; brings a failed tree back. */
	Outcome restart() {
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
		return this.tree.stopAsync();
	}

	boolean isRunning() {
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
