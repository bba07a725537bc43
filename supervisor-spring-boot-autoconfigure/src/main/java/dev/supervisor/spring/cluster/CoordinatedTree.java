package dev.supervisor.spring.cluster;

import java.util.concurrent.CompletableFuture;

import dev.supervisor.ExitReason;
import dev.supervisor.SupervisionTree;

/**
 * A root tree as its {@link TreeCoordinator} sees it: it can be started and stopped on this
 * replica.
 */
public interface CoordinatedTree {

	/**
	 * Return the tree's name.
	 * @return the tree's name, which is also its path
	 */
	String name();

	/**
	 * Return the tree's engine, for its state and worst-case shutdown.
	 * @return the engine
	 */
	SupervisionTree tree();

	/**
	 * Starts the tree on this replica, its children in order, and returns once all run
	 * (OTP {@code application:start/1} on the node that took the application over).
	 * @throws dev.supervisor.StartFailedException if a child failed to start
	 */
	void startHere();

	/**
	 * Asks the tree to stop on this replica, its children in reverse start order, each
	 * within its shutdown.
	 * @return completes once every child has stopped
	 */
	CompletableFuture<ExitReason> stopHere();

}
