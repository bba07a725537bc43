package dev.supervisor.spring.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;

/**
 * Bounds a replica's leave by the lock store. Leaving stops the tree here and then releases the
 * tree's locks; the store may not answer (a network partition keeps the connections open and
 * forwards nothing, and a statement then waits without end). A SIGTERM must still end the replica:
 * past the lock's time-to-live (by then the other replicas take the children over anyway, as after a
 * crash) the tree is stopped here without the store, and the leave completes once it has stopped.
 */
final class BoundedLeave {

	private BoundedLeave() {
	}

	/**
	 * Completes the leave when the hand-over does, or, if it has not after the bound, once the
	 * tree has stopped here.
	 * @param handOver the hand-over through the store
	 * @param bound how long to wait for it: the lock's time-to-live
	 * @param timer the session's scheduler for the bound (shut down by the hand-over when it ends)
	 * @param tree the tree, stopped here when the bound passes
	 * @param giveUpStore run when the bound passed, to stop the session's threads that wait on the
	 * store (daemons, and interrupted; a statement blocked in a socket read may keep one until it
	 * returns)
	 * @param logger where the warning goes
	 * @return completes once the tree has stopped here and this replica no longer takes part
	 */
	static CompletableFuture<Void> within(CompletableFuture<Void> handOver, Duration bound,
			ScheduledExecutorService timer, CoordinatedTree tree, Runnable giveUpStore, Log logger) {
		CompletableFuture<Void> left = new CompletableFuture<>();
		handOver.whenComplete((ignored, ex) -> {
			if (ex != null) {
				left.completeExceptionally(ex);
			}
			else {
				left.complete(null);
			}
		});
		try {
			timer.schedule(() -> {
				if (left.isDone()) {
					return;
				}
				logger.warn("Supervision tree '" + tree.name() + "' could not hand its children over within "
						+ LeaseBudget.format(bound) + ": the lock store does not answer. Stopping the tree here "
						+ "without it; the other replicas take its children over once the locks have expired");
				tree.stopHere().whenComplete((reason, ex) -> left.complete(null));
				giveUpStore.run();
			}, bound.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// The timer is shut down: the hand-over has already ended.
		}
		return left;
	}

}
