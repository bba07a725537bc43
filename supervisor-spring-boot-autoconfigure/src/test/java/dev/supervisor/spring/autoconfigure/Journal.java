package dev.supervisor.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/** What test children did, in order, from every thread. */
public final class Journal {

	private final List<String> entries = new CopyOnWriteArrayList<>();

	public void add(String entry) {
		this.entries.add(entry);
	}

	public List<String> entries() {
		return List.copyOf(this.entries);
	}

	public List<String> matching(String prefix) {
		return this.entries.stream().filter((entry) -> entry.startsWith(prefix)).toList();
	}

	public void awaitEntry(String entry) {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.entries.contains(entry));
	}

	public int indexOf(String entry) {
		return this.entries.indexOf(entry);
	}

	@Override
	public String toString() {
		return this.entries.toString();
	}

}
