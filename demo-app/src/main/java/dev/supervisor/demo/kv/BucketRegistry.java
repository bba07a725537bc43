package dev.supervisor.demo.kv;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.supervisor.Outcome;
import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.demo.RefusedOperationException;
import dev.supervisor.demo.chaos.ChaosException;
import dev.supervisor.demo.chaos.Crashable;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.handle.ChildHandle;

import org.jspecify.annotations.Nullable;

/**
 * The registry of buckets by name (Elixir's {@code KV.Registry}): starts buckets under
 * {@code kv/buckets} and hands out handles on them, learning from the
 * {@link BucketMonitor} which buckets run. It sits after the bucket supervisor under
 * {@code one_for_all}, so a crash of either restarts both: no bucket outlives the
 * registry that knew it, and a new registry starts with no bucket.
 */
public final class BucketRegistry implements Service, Crashable {

	/** The path of the dynamic supervisor of the buckets. */
	static final String BUCKETS = "kv/buckets";

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

	private final SupervisionRegistry supervision;

	private final BucketMonitor monitor;

	private final Map<String, ChildHandle<Bucket>> buckets = new ConcurrentHashMap<>();

	private volatile @Nullable ServiceContext context;

	BucketRegistry(SupervisionRegistry supervision, BucketMonitor monitor) {
		this.supervision = supervision;
		this.monitor = monitor;
	}

	@Override
	public void start(ServiceContext context) {
		this.context = context;
		this.monitor.watch(this);
	}

	@Override
	public void stop(ServiceContext context) {
		this.monitor.unwatch(this);
	}

	@Override
	public void crash(String reason) {
		ServiceContext context = this.context;
		if (context != null) {
			this.monitor.unwatch(this);
			context.fail(new ChaosException(reason));
		}
	}

	/**
	 * Creates a bucket, unless one of that name exists.
	 * @param name the bucket's name: lower-case letters, digits and dashes
	 * @return whether it was created ({@code false}: it existed)
	 * @throws IllegalArgumentException if the name is not valid
	 * @throws RefusedOperationException if the bucket supervisor refused to start it (it
	 * is down, holds its maximum of buckets, the start failed, ...)
	 */
	public boolean create(String name) {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Bucket names are 1 to 40 lower-case letters, digits and dashes, "
					+ "starting with a letter or digit (was '" + name + "')");
		}
		if (this.buckets.containsKey(name)) {
			return false;
		}
		Outcome outcome = this.supervision.supervisor(BUCKETS).startDynamicChild(name, null);
		return switch (outcome.status()) {
			// PENDING: it starts once an abandoned incarnation has left its instance.
			case OK, PENDING -> true;
			case ALREADY_PRESENT -> false;
			default -> throw new RefusedOperationException("Bucket '" + name + "' could not be started", outcome);
		};
	}

	/**
	 * Stops a bucket; it is forgotten when its supervisor reports it stopped.
	 * @param name the bucket's name
	 * @return whether there was such a bucket
	 * @throws RefusedOperationException if the bucket supervisor refused to stop it (it is
	 * down, ...)
	 */
	public boolean delete(String name) {
		if (!this.buckets.containsKey(name)) {
			return false;
		}
		Outcome outcome = this.supervision.supervisor(BUCKETS).terminateChild(name);
		return switch (outcome.status()) {
			case OK -> true;
			// It ended meanwhile (a crashed bucket is gone).
			case NOT_FOUND -> false;
			default -> throw new RefusedOperationException("Bucket '" + name + "' could not be stopped", outcome);
		};
	}

	/**
	 * A handle on a bucket.
	 * @param name the bucket's name
	 * @return the handle, or empty if there is no such bucket
	 */
	public Optional<ChildHandle<Bucket>> lookup(String name) {
		return Optional.ofNullable(this.buckets.get(name));
	}

	/**
	 * Return the names of the buckets, sorted.
	 * @return the names of the buckets
	 */
	public List<String> names() {
		return this.buckets.keySet().stream().sorted().toList();
	}

	void bucketStarted(String name) {
		this.buckets.put(name, this.supervision.handle(BUCKETS + "/" + name, Bucket.class));
	}

	void bucketEnded(String name) {
		this.buckets.remove(name);
	}

}
