package dev.supervisor.spring.actuate;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A singleton {@link Runnable} bean whose final write, once it is interrupted, ignores
 * interrupts until {@link #finalWrite} is released (issue #9 item 8); it counts how many threads
 * are inside it at once.
 */
public class StubbornWriter implements Runnable {

	final CountDownLatch finalWrite = new CountDownLatch(1);

	final AtomicInteger inside = new AtomicInteger();

	final AtomicInteger mostInside = new AtomicInteger();

	final AtomicInteger runs = new AtomicInteger();

	@Override
	public void run() {
		this.mostInside.accumulateAndGet(this.inside.incrementAndGet(), Math::max);
		this.runs.incrementAndGet();
		try {
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				// Asked to stop: the final write below ignores interrupts.
			}
			while (this.finalWrite.getCount() > 0) {
				try {
					this.finalWrite.await();
				}
				catch (InterruptedException ex) {
					// ignored, on purpose
				}
			}
		}
		finally {
			this.inside.decrementAndGet();
		}
	}

}
