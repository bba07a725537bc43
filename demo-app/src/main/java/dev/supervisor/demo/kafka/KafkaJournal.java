package dev.supervisor.demo.kafka;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.springframework.beans.factory.DisposableBean;

/**
 * Where the consumer writes what it consumed: one journal file per partition
 * ({@code kafka-0.log}, ...), the record's line as the producer sent it, and the records it
 * parked in {@code dead-letters.txt}. A line is written before its offset is committed, so
 * every record is in the journal at least once.
 */
public final class KafkaJournal implements DisposableBean {

	private final Path directory;

	private final Map<String, OutputStream> files = new HashMap<>();

	KafkaJournal(Path directory) {
		this.directory = directory;
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the journal directory " + directory
					+ ": set demo.ingest.journal-dir to a writable directory", ex);
		}
	}

	/**
	 * Appends a consumed record's line.
	 * @param partition the record's partition
	 * @param line the line
	 */
	public void append(int partition, String line) {
		write("kafka-" + partition + ".log", line);
	}

	/**
	 * Appends a record the consumer gave up on.
	 * @param line the record's line, with where it was
	 */
	public void deadLetter(String line) {
		write("dead-letters.txt", line);
	}

	private synchronized void write(String name, String line) {
		try {
			OutputStream out = this.files.get(name);
			if (out == null) {
				out = new FileOutputStream(this.directory.resolve(name).toFile(), true);
				this.files.put(name, out);
			}
			out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot append to the journal in " + this.directory, ex);
		}
	}

	@Override
	public synchronized void destroy() throws IOException {
		for (OutputStream out : this.files.values()) {
			out.close();
		}
		this.files.clear();
	}

}
