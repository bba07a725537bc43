package dev.supervisor.demo.kv;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import dev.supervisor.ChildContext;
import dev.supervisor.Worker;
import dev.supervisor.demo.chaos.ChaosException;
import dev.supervisor.demo.chaos.Crashable;

/**
 * A bucket of keys and values, one temporary child of {@code kv/buckets} per bucket
 * (Elixir's {@code KV.Bucket}). Its entries live as long as its incarnation: a bucket
 * that crashed is gone, never restarted empty under the same name.
 */
public final class Bucket implements Worker, Crashable {

	private final Map<String, String> entries = new ConcurrentHashMap<>();

	private final CompletableFuture<ChaosException> crash = new CompletableFuture<>();

	@Override
	public void run(ChildContext context) throws ExecutionException {
		try {
			// A bucket has no work of its own: it holds its entries until it is stopped
			// (interrupted) or crashed.
			throw this.crash.get();
		}
		catch (InterruptedException ex) {
			// Asked to stop.
		}
	}

	@Override
	public void crash(String reason) {
		this.crash.complete(new ChaosException(reason));
	}

	/**
	 * Puts a value.
	 * @param key the key
	 * @param value the value
	 */
	public void put(String key, String value) {
		this.entries.put(key, value);
	}

	/**
	 * Gets a value.
	 * @param key the key
	 * @return the value, or empty if there is none
	 */
	public Optional<String> get(String key) {
		return Optional.ofNullable(this.entries.get(key));
	}

	/**
	 * Deletes a value.
	 * @param key the key
	 * @return whether there was a value
	 */
	public boolean delete(String key) {
		return this.entries.remove(key) != null;
	}

	/**
	 * Return the entries, sorted by key.
	 * @return a copy of the entries
	 */
	public Map<String, String> entries() {
		return new TreeMap<>(this.entries);
	}

}
