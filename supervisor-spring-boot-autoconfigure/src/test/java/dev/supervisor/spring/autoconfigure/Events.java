package dev.supervisor.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.supervisor.SupervisionEvent;
import dev.supervisor.spring.event.SupervisionApplicationEvent;

import org.awaitility.Awaitility;

import org.springframework.context.ApplicationListener;

/** Collects every supervision application event. */
public class Events implements ApplicationListener<SupervisionApplicationEvent> {

	private final List<SupervisionApplicationEvent> events = new CopyOnWriteArrayList<>();

	@Override
	public void onApplicationEvent(SupervisionApplicationEvent event) {
		this.events.add(event);
	}

	public List<SupervisionApplicationEvent> all() {
		return List.copyOf(this.events);
	}

	public List<SupervisionApplicationEvent> of(SupervisionEvent.Type type, String path) {
		return this.events.stream().filter((e) -> e.getType() == type && e.getPath().equals(path)).toList();
	}

	public SupervisionApplicationEvent awaitEvent(SupervisionEvent.Type type, String path) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !of(type, path).isEmpty());
		return of(type, path).get(0);
	}

}
