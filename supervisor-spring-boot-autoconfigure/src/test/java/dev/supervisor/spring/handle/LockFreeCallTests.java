package dev.supervisor.spring.handle;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.supervisor.ChildContext;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15: a call on a running child takes no lock (handle call overhead), and the rules the
 * locks kept still hold: closing lets no call in and waits for the calls in progress, and the
 * last call of a closed incarnation releases it.
 */
class LockFreeCallTests {

	private static final String PATH = "t/s";

	private static final Duration BOUND = Duration.ofSeconds(10);

	private final IncarnationSlots slots = new IncarnationSlots();

	private final Object target = new Object();

	private final CountDownLatch unlock = new CountDownLatch(1);

	@AfterEach
	void letGo() {
		this.unlock.countDown();
	}

	@Test
	void callsOnAnOpenIncarnationTakeNoLock() throws Exception {
		IncarnationSlots.Generation opened = this.slots.open(PATH, this.target, new Context(false));
		holdLockOf(opened);

		// With the slot's lock held elsewhere, a call still enters and ends.
		IncarnationSlots.Generation entered = CompletableFuture
			.supplyAsync(() -> this.slots.acquire(PATH, this.slots.version(), System.nanoTime() + BOUND.toNanos(), BOUND,
					10, (why) -> new ChildUnavailableException(PATH, "running", why)))
			.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(entered).isSameAs(opened);
		assertThat(entered.target()).isSameAs(this.target);
		CompletableFuture.runAsync(() -> this.slots.release(entered)).get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(opened.active()).isZero();
	}

	@Test
	void closingLetsNoCallInAndWaitsForTheCallsInProgress() throws Exception {
		IncarnationSlots.Generation opened = this.slots.open(PATH, this.target, new Context(false));
		IncarnationSlots.Generation call = this.slots.tryAcquire(PATH);
		assertThat(call).isSameAs(opened);

		CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> this.slots.close(opened, true));
		await().atMost(BOUND).until(() -> this.slots.tryAcquire(PATH) == null && !this.slots.isOpen(PATH));
		assertThat(closing).isNotDone();

		this.slots.release(call);
		closing.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(opened.active()).isZero();
	}

	@Test
	void theLastCallOfAClosedIncarnationReleasesIt() {
		IncarnationSlots.Generation opened = this.slots.open(PATH, this.target, new Context(false));
		IncarnationSlots.Generation first = this.slots.tryAcquire(PATH);
		IncarnationSlots.Generation second = this.slots.tryAcquire(PATH);
		AtomicReference<@Nullable Thread> releasedOn = new AtomicReference<>();

		this.slots.closeThenWhenUnused(opened, () -> releasedOn.set(Thread.currentThread()));
		assertThat(releasedOn.get()).isNull();
		this.slots.release(first);
		assertThat(releasedOn.get()).isNull();
		this.slots.release(second);
		assertThat(releasedOn.get()).isSameAs(Thread.currentThread());
	}

	@Test
	void anIncarnationAskedToStopTakesNoCallEvenWithoutALock() {
		Context context = new Context(false);
		this.slots.open(PATH, this.target, context);
		context.stopRequested = true;

		assertThat(this.slots.tryAcquire(PATH)).isNull();
	}

	/** Holds the slot's lock on another thread until the test ends. */
	private void holdLockOf(IncarnationSlots.Generation generation) throws InterruptedException {
		CountDownLatch held = new CountDownLatch(1);
		Thread holder = new Thread(() -> {
			generation.slot.lock.lock();
			try {
				held.countDown();
				this.unlock.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				generation.slot.lock.unlock();
			}
		}, "lock-holder");
		holder.setDaemon(true);
		holder.start();
		assertThat(held.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
	}

	/** An incarnation's context. */
	private static final class Context implements ChildContext {

		volatile boolean stopRequested;

		Context(boolean stopRequested) {
			this.stopRequested = stopRequested;
		}

		@Override
		public String path() {
			return PATH;
		}

		@Override
		public long incarnation() {
			return 1;
		}

		@Override
		public @Nullable Object argument() {
			return null;
		}

		@Override
		public boolean stopRequested() {
			return this.stopRequested;
		}

	}

}
