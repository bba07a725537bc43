package dev.supervisor.spring.actuate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** A real Server-Sent Events client: reads a stream on a thread of its own, one event at a time. */
final class SseClient implements AutoCloseable {

	private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

	private final InputStream body;

	private final Thread reader;

	final int status;

	private SseClient(HttpResponse<InputStream> response) {
		this.status = response.statusCode();
		this.body = response.body();
		this.reader = new Thread(this::read, "sse-test-client");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	static SseClient open(String url) throws IOException, InterruptedException {
		HttpResponse<InputStream> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET().build(),
					HttpResponse.BodyHandlers.ofInputStream());
		return new SseClient(response);
	}

	private void read() {
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(this.body, StandardCharsets.UTF_8))) {
			String name = "message";
			String id = null;
			StringBuilder data = new StringBuilder();
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				if (line.isEmpty()) {
					if (data.length() > 0) {
						this.events.add(new Event(name, id, data.toString()));
					}
					name = "message";
					id = null;
					data.setLength(0);
				}
				else if (line.startsWith("event:")) {
					name = line.substring(6).trim();
				}
				else if (line.startsWith("id:")) {
					id = line.substring(3).trim();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring(5).trim());
				}
			}
		}
		catch (IOException ex) {
			// Closed.
		}
	}

	/** Waits for the next event that matches, skipping others. */
	Event next(Predicate<Event> match, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			Event event = this.events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			assertThat(event).as("an event within %s", timeout).isNotNull();
			if (match.test(event)) {
				return event;
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.body.close();
		this.reader.interrupt();
	}

	record Event(String name, String id, String data) {
	}

}
