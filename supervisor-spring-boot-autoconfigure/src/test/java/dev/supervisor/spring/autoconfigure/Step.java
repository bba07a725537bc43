package dev.supervisor.spring.autoconfigure;

import java.time.Duration;

import dev.supervisor.ChildContext;
import dev.supervisor.Worker;

import org.springframework.beans.factory.DisposableBean;

/**
 * A test worker that runs until it is stopped or crashed, then cleans up for a while.
 * Records each step in a {@link Journal} as {@code "<step> <path>#<incarnation>"}.
 */
public class Step implements Worker, DisposableBean {

	private final Journal journal;

	private final Duration cleanup;

	private final boolean stubborn;

	private volatile String label = "unstarted";

	private RuntimeException crash;

	public Step(Journal journal) {
		this(journal, Duration.ZERO, false);
	}

	/**
	 * @param journal where to record
	 * @param cleanup how long the cleanup after a stop takes
	 * @param stubborn whether the cleanup ignores interrupts (a child that overruns its
	 * timeout)
	 */
	public Step(Journal journal, Duration cleanup, boolean stubborn) {
		this.journal = journal;
		this.cleanup = cleanup;
		this.stubborn = stubborn;
	}

	@Override
	public void run(ChildContext context) throws Exception {
		this.label = context.path() + "#" + context.incarnation();
		this.journal.add("start " + this.label);
		try {
			synchronized (this) {
				while (!context.stopRequested() && this.crash == null) {
					wait();
				}
				if (this.crash != null) {
					RuntimeException crash = this.crash;
					// A singleton runs again after its crash: the crash was this
					// incarnation's only.
					this.crash = null;
					this.journal.add("crash " + this.label);
					throw crash;
				}
			}
		}
		catch (InterruptedException ex) {
			// Asked to stop.
		}
		this.journal.add("stop " + this.label);
		// The stop request was seen: its interrupt must not cut the cleanup short.
		Thread.interrupted();
		cleanUp();
	}

	private void cleanUp() {
		long deadline = System.nanoTime() + this.cleanup.toNanos();
		long remaining;
		while ((remaining = deadline - System.nanoTime()) > 0) {
			try {
				// The cleanup under test: it takes this long, however the supervisor
				// waits for it.
				Thread.sleep(Math.max(1, remaining / 1_000_000));
			}
			catch (InterruptedException ex) {
				if (!this.stubborn) {
					this.journal.add("cleanup interrupted " + this.label);
					return;
				}
			}
		}
		if (!this.cleanup.isZero()) {
			this.journal.add("cleaned " + this.label);
		}
	}

	/** Makes the running incarnation throw. */
	public synchronized void crash() {
		this.crash = new IllegalStateException("crash of " + this.label);
		notifyAll();
	}

	public String label() {
		return this.label;
	}

	@Override
	public void destroy() {
		this.journal.add("destroy " + this.label);
	}

}
