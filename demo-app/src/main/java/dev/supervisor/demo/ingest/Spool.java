package dev.supervisor.demo.ingest;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The write-ahead spool of one partition (durable acceptance): a message is appended to a
 * local file before its caller gets the {@code 202}, and it stays in the spool until the
 * broker has written it to the journal. The spool outlives producer incarnations and the
 * application itself, so acceptance never depends on what a shutdown may not bring back:
 * whichever producer incarnation runs sends from it, and at start-up the spool reads back
 * what the journal did not get before the application stopped.
 * <p>
 * Two files per partition in the spool directory: {@code p-0.spool}, a header line
 * ({@code spool<TAB>id}) then one {@code sequence<TAB>payload} line per accepted message,
 * the payload escaped as in the journal; and {@code p-0.acked}, the highest sequence the
 * broker has written. A message is in the file (the operating system's page cache) before
 * its {@code 202}: it survives the process (a crash, {@code kill -9}), not the machine (there
 * is no {@code fsync}). A spool whose messages are all in the journal starts its file again
 * once it is larger than {@value #COMPACT_BYTES} bytes; sequences go on.
 * <p>
 * Exactly once: a message may be sent more than once (a batch whose acknowledgement was lost,
 * a replay after a restart, an abandoned incarnation still sending), and the broker writes a
 * spool's sequence only once (see {@link SimulatedBroker}), as Kafka's idempotent producer
 * does.
 */
public final class Spool implements Closeable {

	/** The size beyond which a spool whose messages are all in the journal starts its file again. */
	static final long COMPACT_BYTES = 1 << 20;

	private static final Log logger = LogFactory.getLog(Spool.class);

	private final String partition;

	private final Path file;

	private final Path ackedFile;

	private final String id;

	private final int capacity;

	private final long headerBytes;

	private final int recovered;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	/** Accepted messages not known to be in the journal, oldest first; guarded by the lock. */
	private final ArrayDeque<Entry> pending = new ArrayDeque<>();

	/** Guarded by the lock. */
	private final FileOutputStream out;

	/** The sequence of the last accepted message; guarded by the lock. */
	private long lastSequence;

	/** The highest sequence the broker has written; guarded by the lock. */
	private long acked;

	/** The size of the spool file; guarded by the lock. */
	private long bytes;

	/** How many pending messages make a batch a waiting producer wants at once; guarded by the lock. */
	private int wakeAt = 1;

	/** Why the spool takes no more messages, if it does not; guarded by the lock. */
	private @Nullable String refusal;

	private Spool(String partition, Path file, Path ackedFile, String id, int capacity, long headerBytes,
			List<Entry> recovered, long lastSequence, long acked) throws IOException {
		this.partition = partition;
		this.file = file;
		this.ackedFile = ackedFile;
		this.id = id;
		this.capacity = capacity;
		this.headerBytes = headerBytes;
		this.pending.addAll(recovered);
		this.recovered = recovered.size();
		this.lastSequence = lastSequence;
		this.acked = acked;
		this.out = new FileOutputStream(file.toFile(), true);
		this.bytes = Files.size(file);
	}

	/**
	 * Opens the spool of a partition, creating it if it does not exist, and reads back the
	 * messages the journal does not have yet.
	 * @param directory the spool directory
	 * @param partition the partition, e.g. {@code p-0}
	 * @param capacity how many messages not yet in the journal it holds at most
	 * @return the spool
	 * @throws UncheckedIOException if its files cannot be read or written
	 */
	public static Spool open(Path directory, String partition, int capacity) {
		Path file = directory.resolve(partition + ".spool");
		Path ackedFile = directory.resolve(partition + ".acked");
		try {
			Files.createDirectories(directory);
			long acked = Files.exists(ackedFile) ? Long.parseLong(Files.readString(ackedFile).trim()) : 0;
			if (!Files.exists(file) || !hasHeaderLine(file)) {
				// New, or its header never completed (the process stopped while creating it): nothing was accepted.
				String id = partition + "." + Long.toString(System.currentTimeMillis(), 36);
				String header = "spool\t" + id + "\n";
				Files.writeString(file, header, StandardCharsets.UTF_8);
				return new Spool(partition, file, ackedFile, id, capacity, header.length(), List.of(), acked, acked);
			}
			return recover(partition, file, ackedFile, capacity, acked);
		}
		catch (IOException | RuntimeException ex) {
			throw new UncheckedIOException("Cannot open the spool of " + partition + " in " + directory
					+ ": set demo.ingest.spool-dir to a writable directory", asIo(ex));
		}
	}

	private static boolean hasHeaderLine(Path file) throws IOException {
		try (java.io.InputStream in = Files.newInputStream(file)) {
			int b;
			while ((b = in.read()) != -1) {
				if (b == '\n') {
					return true;
				}
			}
			return false;
		}
	}

	private static Spool recover(String partition, Path file, Path ackedFile, int capacity, long acked)
			throws IOException {
		byte[] content = Files.readAllBytes(file);
		int complete = content.length;
		while (complete > 0 && content[complete - 1] != '\n') {
			complete--;
		}
		if (complete < content.length) {
			// The process died in the middle of writing a line: that message never got its 202.
			logger.warn("Spool " + partition + ": dropping " + (content.length - complete)
					+ " bytes of a line never completed (the process stopped while writing it)");
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
				channel.truncate(complete);
			}
		}
		String[] lines = new String(content, 0, complete, StandardCharsets.UTF_8).split("\n");
		if (!lines[0].startsWith("spool\t")) {
			throw new IOException("Spool " + file + " does not start with its header line");
		}
		String id = lines[0].substring("spool\t".length());
		long headerBytes = lines[0].getBytes(StandardCharsets.UTF_8).length + 1;
		List<Entry> recovered = new ArrayList<>();
		long last = acked;
		long now = System.nanoTime();
		for (int i = 1; i < lines.length; i++) {
			int tab = lines[i].indexOf('\t');
			long sequence = Long.parseLong(lines[i].substring(0, tab));
			if (sequence > acked) {
				recovered.add(new Entry(new Message(id, sequence, unescape(lines[i].substring(tab + 1))), now));
			}
			last = Math.max(last, sequence);
		}
		if (!recovered.isEmpty()) {
			logger.info("Spool " + partition + ": " + recovered.size() + " accepted messages of an earlier run are "
					+ "not in the journal yet (sequences " + recovered.get(0).message.sequence() + " to " + last
					+ "): its producer sends them first");
		}
		return new Spool(partition, file, ackedFile, id, capacity, headerBytes, recovered, last, acked);
	}

	/**
	 * Accepts a message: appends it to the spool file.
	 * @param payload the message
	 * @return the message, with its spool and sequence
	 * @throws BacklogFullException if the spool holds its capacity of messages not yet in the
	 * journal
	 * @throws SpoolUnavailableException if the spool file cannot be written, or the spool is
	 * closed
	 */
	public Message append(String payload) {
		this.lock.lock();
		try {
			if (this.refusal != null) {
				throw new SpoolUnavailableException(this.partition, this.refusal);
			}
			if (this.pending.size() >= this.capacity) {
				throw new BacklogFullException(Producers.PATH + "/" + this.partition, this.capacity);
			}
			Message message = new Message(this.id, this.lastSequence + 1, payload);
			StringBuilder line = new StringBuilder(payload.length() + 24).append(message.sequence()).append('\t');
			escape(payload, line);
			byte[] bytes = line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
			try {
				this.out.write(bytes);
			}
			catch (IOException ex) {
				// A line may be half written: no message may follow it in the file.
				this.refusal = "its file could not be written (" + ex.getMessage() + ")";
				logger.error("Spool " + this.partition + ": cannot append to " + this.file
						+ "; it takes no more messages", ex);
				throw new SpoolUnavailableException(this.partition, this.refusal);
			}
			this.lastSequence = message.sequence();
			this.bytes += bytes.length;
			this.pending.addLast(new Entry(message, System.nanoTime()));
			if (this.pending.size() == 1 || this.pending.size() == this.wakeAt) {
				this.changed.signalAll();
			}
			return message;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits for a full batch, or for the oldest message to have waited the linger time.
	 * @param max how many messages make a full batch
	 * @param lingerNanos how long the oldest message may wait for a batch to fill
	 * @param giveUp checked at every wake-up (see {@link #wake()}): stop waiting when it is
	 * {@code true}
	 * @return the oldest messages, at most {@code max}, which stay in the spool until
	 * {@link #acknowledge(long) acknowledged}; empty if {@code giveUp} said so
	 * @throws InterruptedException if the thread is interrupted
	 */
	public List<Message> awaitBatch(int max, long lingerNanos, BooleanSupplier giveUp) throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			this.wakeAt = max;
			while (!giveUp.getAsBoolean()) {
				Entry oldest = this.pending.peekFirst();
				if (oldest == null) {
					this.changed.await();
					continue;
				}
				long wait = (this.pending.size() >= max) ? 0 : oldest.nanos + lingerNanos - System.nanoTime();
				if (wait <= 0) {
					return head(max, Long.MAX_VALUE);
				}
				this.changed.awaitNanos(wait);
			}
			return List.of();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The oldest messages not known to be in the journal.
	 * @param max how many at most
	 * @param upTo the highest sequence to include
	 * @return the messages, oldest first
	 */
	public List<Message> head(int max, long upTo) {
		this.lock.lock();
		try {
			List<Message> batch = new ArrayList<>(Math.min(max, this.pending.size()));
			Iterator<Entry> entries = this.pending.iterator();
			while (entries.hasNext() && batch.size() < max) {
				Message message = entries.next().message;
				if (message.sequence() > upTo) {
					break;
				}
				batch.add(message);
			}
			return batch;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Wakes whoever waits in {@link #awaitBatch}, to check its {@code giveUp} condition. */
	public void wake() {
		this.lock.lock();
		try {
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Records that the broker has written every message up to a sequence: they leave the
	 * spool.
	 * @param sequence the highest sequence written
	 */
	public void acknowledge(long sequence) {
		this.lock.lock();
		try {
			while (!this.pending.isEmpty() && this.pending.peekFirst().message.sequence() <= sequence) {
				this.pending.removeFirst();
			}
			if (sequence <= this.acked || this.refusal != null) {
				return;
			}
			this.acked = sequence;
			Path next = this.ackedFile.resolveSibling(this.ackedFile.getFileName() + ".next");
			Files.writeString(next, Long.toString(sequence), StandardCharsets.UTF_8);
			Files.move(next, this.ackedFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			if (this.pending.isEmpty() && this.bytes > COMPACT_BYTES) {
				// Everything is in the journal, and acked says up to where: the file starts again.
				this.out.getChannel().truncate(this.headerBytes);
				this.bytes = this.headerBytes;
			}
		}
		catch (IOException ex) {
			// Not fatal: the messages are in the journal; a later start reads them back from the spool
			// and the broker does not write them twice.
			logger.warn("Spool " + this.partition + ": cannot record that the journal has messages up to " + sequence
					+ " in " + this.ackedFile, ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the sequence of the last accepted message.
	 * @return the sequence, 0 if none was ever accepted
	 */
	public long lastSequence() {
		this.lock.lock();
		try {
			return this.lastSequence;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return how many accepted messages, up to a sequence, are not known to be in the journal.
	 * @param upTo the highest sequence to count
	 * @return the count
	 */
	public int pending(long upTo) {
		this.lock.lock();
		try {
			int count = 0;
			for (Entry entry : this.pending) {
				if (entry.message.sequence() > upTo) {
					break;
				}
				count++;
			}
			return count;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return what the spool holds.
	 * @return the status
	 */
	public Status status() {
		this.lock.lock();
		try {
			return new Status(this.partition, this.id, this.pending.size(), this.capacity, this.lastSequence, this.acked,
					this.recovered);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the partition.
	 * @return e.g. {@code p-0}
	 */
	public String partition() {
		return this.partition;
	}

	/**
	 * Return the spool file.
	 * @return the file
	 */
	public Path file() {
		return this.file;
	}

	/** Takes no more messages and closes the file; what it holds stays for the next start. */
	@Override
	public void close() throws IOException {
		this.lock.lock();
		try {
			if (this.refusal == null) {
				this.refusal = "the application is stopping";
			}
			int left = this.pending.size();
			if (left > 0) {
				logger.warn("Spool " + this.partition + ": " + left + " accepted messages are not in the journal at "
						+ "shutdown; they stay in " + this.file + " and are sent at the next start");
			}
			this.out.close();
		}
		finally {
			this.lock.unlock();
		}
	}

	static void escape(String payload, StringBuilder out) {
		for (int i = 0; i < payload.length(); i++) {
			char c = payload.charAt(i);
			switch (c) {
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> out.append(c);
			}
		}
	}

	static String unescape(String escaped) {
		StringBuilder out = new StringBuilder(escaped.length());
		for (int i = 0; i < escaped.length(); i++) {
			char c = escaped.charAt(i);
			if (c != '\\' || i + 1 == escaped.length()) {
				out.append(c);
				continue;
			}
			char next = escaped.charAt(++i);
			out.append(switch (next) {
				case 'n' -> '\n';
				case 'r' -> '\r';
				case 't' -> '\t';
				default -> next;
			});
		}
		return out.toString();
	}

	private static IOException asIo(Exception ex) {
		return (ex instanceof IOException io) ? io : new IOException(ex.getMessage(), ex);
	}

	/**
	 * What a spool holds.
	 *
	 * @param partition its partition, e.g. {@code p-0}
	 * @param spool its id, the first part of its messages' ids
	 * @param backlog how many accepted messages are not known to be in the journal
	 * @param capacity how many it holds at most
	 * @param lastSequence the sequence of the last accepted message
	 * @param inJournal the highest sequence the broker has written
	 * @param recovered how many messages of an earlier run it read back at start-up
	 */
	public record Status(String partition, String spool, int backlog, int capacity, long lastSequence, long inJournal,
			int recovered) {

	}

	private record Entry(Message message, long nanos) {

	}

}
