package dev.supervisor.spring.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import dev.supervisor.ExitReason;
import dev.supervisor.SupervisionTree;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica's leave is bounded by the lock store: a hand-over that the store never lets finish
 * ends, after the bound, once the tree has stopped here; one that finishes in time is left alone.
 */
class BoundedLeaveTests {

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stopTimer() {
		this.timer.shutdownNow();
	}

	@Test
	void aHandOverTheStoreNeverFinishesEndsOnceTheTreeStoppedHereAfterTheBound() {
		CompletableFuture<ExitReason> stopped = new CompletableFuture<>();
		Tree tree = new Tree(stopped);
		AtomicInteger gaveUp = new AtomicInteger();
		CompletableFuture<Void> left = BoundedLeave.within(new CompletableFuture<>(), Duration.ofMillis(50), this.timer,
				tree, gaveUp::incrementAndGet, LogFactory.getLog(getClass()));
		// After the bound the tree is asked to stop here, and the leave waits for it.
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> tree.stops.get() == 1);
		assertThat(gaveUp).hasValue(1);
		assertThat(left).isNotDone();
		stopped.complete(ExitReason.shutdown());
		assertThat(left).succeedsWithin(Duration.ofSeconds(10));
	}

	@Test
	void aHandOverThatFinishesInTimeIsTheLeave() {
		Tree tree = new Tree(CompletableFuture.completedFuture(ExitReason.shutdown()));
		CompletableFuture<Void> handOver = new CompletableFuture<>();
		CompletableFuture<Void> left = BoundedLeave.within(handOver, Duration.ofMinutes(5), this.timer, tree, () -> {
		}, LogFactory.getLog(getClass()));
		assertThat(left).isNotDone();
		handOver.complete(null);
		assertThat(left).isCompleted();
		assertThat(tree.stops).hasValue(0);
	}

	@Test
	void aHandOverThatFailsFailsTheLeave() {
		Tree tree = new Tree(CompletableFuture.completedFuture(ExitReason.shutdown()));
		CompletableFuture<Void> handOver = new CompletableFuture<>();
		CompletableFuture<Void> left = BoundedLeave.within(handOver, Duration.ofMinutes(5), this.timer, tree, () -> {
		}, LogFactory.getLog(getClass()));
		handOver.completeExceptionally(new IllegalStateException("store said no"));
		assertThat(left).isCompletedExceptionally();
	}

	/** A tree whose stop here completes when the test says so, counting the requests. */
	private static final class Tree implements CoordinatedTree {

		final AtomicInteger stops = new AtomicInteger();

		private final CompletableFuture<ExitReason> stopped;

		Tree(CompletableFuture<ExitReason> stopped) {
			this.stopped = stopped;
		}

		@Override
		public String name() {
			return "tenants";
		}

		@Override
		public SupervisionTree tree() {
			throw new UnsupportedOperationException();
		}

		@Override
		public void startHere() {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<ExitReason> stopHere() {
			this.stops.incrementAndGet();
			return this.stopped;
		}

	}

}
