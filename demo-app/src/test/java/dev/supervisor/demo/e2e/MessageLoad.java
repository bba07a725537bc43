package dev.supervisor.demo.e2e;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.json.JsonMapper;

/** Clients posting messages as fast as the demo takes them, until it stops answering after SIGTERM. */
final class MessageLoad {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final DemoProcess demo;

	final Set<String> accepted = ConcurrentHashMap.newKeySet();

	final AtomicInteger refused = new AtomicInteger();

	final AtomicInteger turnedAway = new AtomicInteger();

	final List<String> unexpected = new CopyOnWriteArrayList<>();

	final AtomicBoolean sigtermSent = new AtomicBoolean();

	final AtomicBoolean stop = new AtomicBoolean();

	MessageLoad(DemoProcess demo) {
		this.demo = demo;
	}

	void run(int client) {
		Random keys = new Random(client);
		int n = 0;
		while (!this.stop.get() && !Thread.currentThread().isInterrupted()) {
			String key = (keys.nextInt(4) == 0) ? "" : "\"key\":\"k" + keys.nextInt(50) + "\",";
			HttpRequest request = this.demo.request("/messages")
				.timeout(Duration.ofSeconds(20))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{" + key + "\"payload\":\"client " + client + " #" + (n++)
						+ "\"}"))
				.build();
			HttpResponse<String> response;
			try {
				response = this.demo.http().send(request, HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				if (!this.sigtermSent.get()) {
					this.unexpected.add("before SIGTERM: " + ex);
				}
				return;
			}
			catch (InterruptedException ex) {
				return;
			}
			if (response.statusCode() == 202) {
				this.accepted.add(json.readTree(response.body()).path("id").asString());
			}
			else if (response.statusCode() == 503) {
				this.refused.incrementAndGet();
			}
			else if (this.sigtermSent.get()) {
				this.turnedAway.incrementAndGet();
			}
			else {
				this.unexpected.add(response.statusCode() + " " + response.body());
			}
		}
	}

}
