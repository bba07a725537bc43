package dev.supervisor.spring.actuate.console;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import dev.supervisor.spring.history.HistoryEntry;
import dev.supervisor.spring.history.HistorySubscription;
import dev.supervisor.spring.history.SupervisionHistory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live event streams of the console (Server-Sent Events): one bounded
 * {@link HistorySubscription} per client, written by a thread of its own, so a slow client only
 * ever slows itself. A client that does not keep up loses events and is sent a {@code dropped}
 * event with their count; at most {@code maxClients} streams are open at once. Each thread ends
 * with its stream, and every stream ends when the application context closes.
 * <p>
 * Events: {@code hello} first ({@code epoch}, the last {@code seq}, and whether the stream
 * {@code resumed} after the client's {@code Last-Event-ID} without a gap), then one
 * {@code supervision} event per history entry (id {@code epoch:seq}), {@code dropped} events,
 * and heartbeat comments while idle.
 * <p>
 * Streams are ended before the web server's graceful shutdown begins (they would otherwise be
 * requests it waits for); browsers reconnect to the next instance of the application.
 */
public final class ConsoleStreams implements SmartLifecycle, DisposableBean {

	/** The name of each history entry's event. */
	public static final String EVENT = "supervision";

	/** How long a browser waits before it reconnects, in milliseconds. */
	static final long RETRY_MILLIS = 1000;

	/** How long one stream lasts before the browser reconnects (and resumes without a gap). */
	static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

	private static final Log logger = LogFactory.getLog(ConsoleStreams.class);

	private final SupervisionHistory history;

	private final Function<Object, String> json;

	private final int maxClients;

	private final int buffer;

	private final Duration heartbeat;

	private final ThreadFactory threads;

	/** Tells a reconnecting browser whether its last event id comes from this run of the application. */
	private final String epoch = Long.toString(System.currentTimeMillis(), 36);

	private final Set<Client> clients = ConcurrentHashMap.newKeySet();

	private final AtomicInteger opened = new AtomicInteger();

	private volatile boolean closed;

	/**
	 * @param history the events
	 * @param json writes an event's data as one line of JSON
	 * @param maxClients how many streams may be open at once
	 * @param buffer how many events are buffered per stream
	 * @param heartbeat how long an idle stream waits before it sends a heartbeat
	 * @param threads makes the thread that writes each stream
	 */
	public ConsoleStreams(SupervisionHistory history, Function<Object, String> json, int maxClients, int buffer,
			Duration heartbeat, ThreadFactory threads) {
		this.history = history;
		this.json = json;
		this.maxClients = maxClients;
		this.buffer = buffer;
		this.heartbeat = heartbeat;
		this.threads = threads;
	}

	/**
	 * Opens a stream.
	 * @param lastEventId the id of the last event the client received ({@code Last-Event-ID}),
	 * to resume after it
	 * @param mask what this client may see of each entry
	 * @return the stream, or {@code null} when {@code maxClients} streams are open
	 */
	public @Nullable SseEmitter open(@Nullable String lastEventId, UnaryOperator<HistoryEntry> mask) {
		synchronized (this.clients) {
			if (this.closed || this.clients.size() >= this.maxClients) {
				return null;
			}
			SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
			Client client = new Client(emitter, this.history.subscribe(this.buffer, resumeAfter(lastEventId)), mask);
			this.clients.add(client);
			emitter.onCompletion(client::close);
			emitter.onTimeout(client::close);
			emitter.onError((ex) -> client.close());
			Thread thread = this.threads.newThread(client);
			thread.setName("supervision-console-stream-" + this.opened.incrementAndGet());
			thread.setDaemon(true);
			client.thread = thread;
			thread.start();
			return emitter;
		}
	}

	private long resumeAfter(@Nullable String lastEventId) {
		if (lastEventId == null || !lastEventId.startsWith(this.epoch + ":")) {
			return -1;
		}
		try {
			return Long.parseLong(lastEventId.substring(this.epoch.length() + 1));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * Return how many streams are open.
	 * @return the number of open streams
	 */
	public int clients() {
		return this.clients.size();
	}

	/**
	 * Return how many events the open streams have dropped in all.
	 * @return the events dropped by the open streams
	 */
	public long dropped() {
		return this.clients.stream().mapToLong((client) -> client.subscription.droppedTotal()).sum();
	}

	/**
	 * Return the most events buffered by one open stream.
	 * @return the largest number of events buffered now by one stream
	 */
	public int maxBuffered() {
		return this.clients.stream().mapToInt((client) -> client.subscription.buffered()).max().orElse(0);
	}

	@Override
	public void start() {
		synchronized (this.clients) {
			this.closed = false;
		}
	}

	/** Ends every stream and refuses new ones until started again. */
	@Override
	public void stop() {
		destroy();
	}

	@Override
	public boolean isRunning() {
		return !this.closed;
	}

	/** Stops before the web server's graceful shutdown (and everything else of the default phase). */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	/** Ends every stream and refuses new ones. */
	@Override
	public void destroy() {
		List<Client> all;
		synchronized (this.clients) {
			this.closed = true;
			all = new ArrayList<>(this.clients);
		}
		for (Client client : all) {
			client.close();
			client.emitter.complete();
		}
		for (Client client : all) {
			Thread thread = client.thread;
			if (thread != null) {
				try {
					thread.join(Duration.ofSeconds(5).toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/** One open stream and the thread that writes it. */
	private final class Client implements Runnable {

		private final SseEmitter emitter;

		private final HistorySubscription subscription;

		private final UnaryOperator<HistoryEntry> mask;

		private volatile @Nullable Thread thread;

		Client(SseEmitter emitter, HistorySubscription subscription, UnaryOperator<HistoryEntry> mask) {
			this.emitter = emitter;
			this.subscription = subscription;
			this.mask = mask;
		}

		@Override
		public void run() {
			try {
				send(SseEmitter.event()
					.name("hello")
					.reconnectTime(RETRY_MILLIS)
					.data(line(new Hello(ConsoleStreams.this.epoch, ConsoleStreams.this.history.lastSeq(),
							this.subscription.resumed(), this.subscription.capacity()))));
				List<HistoryEntry> batch = new ArrayList<>();
				while (!this.subscription.isClosed()) {
					HistoryEntry first = this.subscription.poll(ConsoleStreams.this.heartbeat);
					long dropped = this.subscription.takeDropped();
					if (dropped > 0) {
						send(SseEmitter.event().name("dropped").data(line(new Dropped(dropped))));
					}
					if (first == null) {
						if (dropped == 0) {
							send(SseEmitter.event().comment("heartbeat"));
						}
						continue;
					}
					batch.clear();
					batch.add(first);
					this.subscription.drainTo(batch, 255);
					for (HistoryEntry entry : batch) {
						send(SseEmitter.event()
							.id(ConsoleStreams.this.epoch + ":" + entry.seq())
							.name(EVENT)
							.data(line(this.mask.apply(entry))));
					}
				}
			}
			catch (IOException | IllegalStateException ex) {
				// The client went away (or the stream was completed): nothing more to write.
				if (logger.isDebugEnabled()) {
					logger.debug("Supervision console stream ended: " + ex);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				logger.warn("Supervision console stream failed; the client will reconnect", ex);
				this.emitter.completeWithError(ex);
			}
			finally {
				close();
			}
		}

		private void send(SseEmitter.SseEventBuilder event) throws IOException {
			this.emitter.send(event);
		}

		private String line(Object data) {
			// One line of data per event: a JSON string escapes its own line breaks.
			return ConsoleStreams.this.json.apply(data).replace("\r", "").replace("\n", "");
		}

		void close() {
			this.subscription.close();
			ConsoleStreams.this.clients.remove(this);
			Thread writer = this.thread;
			if (writer != null && writer != Thread.currentThread()) {
				writer.interrupt();
			}
		}

	}

	/**
	 * The first event of a stream.
	 *
	 * @param epoch this run of the application
	 * @param seq the number of the last event recorded
	 * @param resumed whether the events the client missed since its {@code Last-Event-ID}
	 * follow; when {@code false}, it must read the current state again
	 * @param buffer how many events are buffered for it at most
	 */
	record Hello(String epoch, long seq, boolean resumed, int buffer) {
	}

	/**
	 * Events lost because the client did not keep up.
	 *
	 * @param count how many events were dropped
	 */
	record Dropped(long count) {
	}

}
