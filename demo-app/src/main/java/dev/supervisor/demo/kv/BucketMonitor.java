package dev.supervisor.demo.kv;

import java.util.LinkedHashSet;
import java.util.Set;

import dev.supervisor.SupervisionEvent;
import dev.supervisor.spring.event.SupervisionApplicationEvent;

import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;

/**
 * Tells the running {@link BucketRegistry} which buckets started and which ended, as
 * Elixir's registry monitors its buckets. The events of {@code kv/buckets} come from
 * that supervisor's own thread, in the order it started and ended its children, so the
 * registry never keeps a bucket that is gone, even one that crashed at once.
 * <p>
 * It also keeps the names of the running buckets, so that a registry restarted alone (by
 * an operator) starts knowing them; under {@code one_for_all}, a crash restarts the
 * buckets' supervisor too, and there are none.
 */
public final class BucketMonitor {

	private final Object lock = new Object();

	private final Set<String> running = new LinkedHashSet<>();

	private @Nullable BucketRegistry watcher;

	/**
	 * Makes a registry incarnation the one told of bucket starts and ends, and tells it
	 * the buckets running now.
	 * @param registry the registry
	 */
	void watch(BucketRegistry registry) {
		synchronized (this.lock) {
			this.watcher = registry;
			this.running.forEach(registry::bucketStarted);
		}
	}

	/**
	 * Stops telling a registry incarnation, unless another one has taken over.
	 * @param registry the registry
	 */
	void unwatch(BucketRegistry registry) {
		synchronized (this.lock) {
			if (this.watcher == registry) {
				this.watcher = null;
			}
		}
	}

	@EventListener
	void onSupervisionEvent(SupervisionApplicationEvent event) {
		String path = event.getPath();
		if (!path.startsWith(BucketRegistry.BUCKETS + "/")) {
			return;
		}
		String name = path.substring(BucketRegistry.BUCKETS.length() + 1);
		SupervisionEvent.Type type = event.getType();
		// Quick and non-blocking: this runs on the buckets' supervisor's own thread.
		synchronized (this.lock) {
			if (type == SupervisionEvent.Type.STARTED) {
				this.running.add(name);
				if (this.watcher != null) {
					this.watcher.bucketStarted(name);
				}
			}
			else if (type == SupervisionEvent.Type.EXITED || type == SupervisionEvent.Type.STOPPED) {
				this.running.remove(name);
				if (this.watcher != null) {
					this.watcher.bucketEnded(name);
				}
			}
		}
	}

}
