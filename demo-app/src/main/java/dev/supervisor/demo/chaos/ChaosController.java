package dev.supervisor.demo.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.supervisor.ChildKind;
import dev.supervisor.ChildState;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.Outcome;
import dev.supervisor.SupervisorHandle;
import dev.supervisor.demo.facts.Fact;
import dev.supervisor.demo.facts.FactLog;
import dev.supervisor.demo.ingest.SimulatedBroker;
import dev.supervisor.spring.SupervisionRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The chaos endpoint, for the demo only (it is not part of the starter): crashes any
 * supervised worker or service by path, makes the simulated broker refuse connections
 * for a while, or appends a poison fact.
 */
@RestController
@RequestMapping("/chaos")
final class ChaosController {

	private final SupervisionRegistry supervision;

	private final ObjectProvider<SimulatedBroker> broker;

	private final FactLog facts;

	ChaosController(SupervisionRegistry supervision, ObjectProvider<SimulatedBroker> broker, FactLog facts) {
		this.supervision = supervision;
		this.broker = broker;
		this.facts = facts;
	}

	/**
	 * Crashes the current incarnation of a worker or service, e.g.
	 * {@code POST /chaos/crash/ingest/producers/p-0}.
	 * @param path the child's path, as in {@code /actuator/supervision}
	 * @return 200 with the crashed incarnation; 404 for an unknown path; 400 for a
	 * supervisor; 409 when the child is not running
	 */
	@PostMapping("/crash/{*path}")
	ResponseEntity<Map<String, Object>> crash(@PathVariable String path) {
		String nodePath = path.startsWith("/") ? path.substring(1) : path;
		Optional<NodeSnapshot> found = nodePath.isEmpty() ? Optional.empty() : this.supervision.find(nodePath);
		if (found.isEmpty()) {
			return error(HttpStatus.NOT_FOUND, nodePath, "No supervised child at '" + nodePath
					+ "': see the paths at /actuator/supervision, e.g. /chaos/crash/ingest/producers/p-0");
		}
		NodeSnapshot node = found.get();
		if (node.kind().isSupervisor()) {
			return error(HttpStatus.BAD_REQUEST, nodePath, "'" + nodePath + "' is a supervisor, which runs no code of "
					+ "its own to crash: crash one of its children, or restart it with POST /actuator/supervision/"
					+ nodePath);
		}
		if (node.state() != ChildState.RUNNING) {
			return error(HttpStatus.CONFLICT, nodePath, "'" + nodePath + "' is " + name(node.state())
					+ ": only a running child can be crashed");
		}
		this.supervision.handle(nodePath, Crashable.class)
			.run((child) -> child.crash("crashed on purpose through POST /chaos/crash/" + nodePath));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("path", nodePath);
		body.put("incarnation", node.incarnation());
		body.put("message", "Incarnation " + node.incarnation() + " of '" + nodePath
				+ "' crashes now; watch its supervisor deal with it at /actuator/supervision/" + nodePath);
		return ResponseEntity.ok(body);
	}

	/**
	 * Starts many children of a dynamic supervisor at once, e.g.
	 * {@code POST /chaos/spawn/scale/sessions?count=100000} (with the {@code scale} profile).
	 * @param path the dynamic supervisor's path
	 * @param count how many children to start
	 * @param prefix the children's ids are {@code <prefix>-<n>}
	 * @return 200 with how many started and how long it took; 404 for an unknown path; 400 for
	 * anything but a dynamic supervisor
	 */
	@PostMapping("/spawn/{*path}")
	ResponseEntity<Map<String, Object>> spawn(@PathVariable String path, @RequestParam(defaultValue = "1000") int count,
			@RequestParam(defaultValue = "s") String prefix) {
		String nodePath = path.startsWith("/") ? path.substring(1) : path;
		Optional<NodeSnapshot> found = nodePath.isEmpty() ? Optional.empty()
				: this.supervision.find(nodePath);
		if (found.isEmpty()) {
			return error(HttpStatus.NOT_FOUND, nodePath, "No supervisor at '" + nodePath
					+ "': e.g. /chaos/spawn/scale/sessions with the scale profile");
		}
		if (found.get().kind() != ChildKind.DYNAMIC_SUPERVISOR) {
			return error(HttpStatus.BAD_REQUEST, nodePath, "'" + nodePath + "' is not a dynamic supervisor");
		}
		SupervisorHandle supervisor = this.supervision.supervisor(nodePath);
		long started = System.nanoTime();
		int ok = 0;
		String refusal = null;
		for (int i = 0; i < count; i++) {
			Outcome outcome = supervisor.startDynamicChild(prefix + "-" + i, null);
			if (!outcome.isOk()) {
				refusal = outcome.message();
				break;
			}
			ok++;
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("path", nodePath);
		body.put("started", ok);
		body.put("millis", Duration.ofNanos(System.nanoTime() - started).toMillis());
		if (refusal != null) {
			body.put("refused", refusal);
		}
		return ResponseEntity.ok(body);
	}

	/**
	 * Makes the simulated broker drop its connections and refuse new ones for a while.
	 * @param duration how long, e.g. {@code 10s}
	 * @return when the broker takes connections again; 409 with the {@code kafka} profile,
	 * whose broker is not simulated
	 */
	@PostMapping("/broker-outage")
	ResponseEntity<Map<String, Object>> brokerOutage(@RequestParam(defaultValue = "10s") String duration) {
		Duration outage;
		try {
			outage = DurationStyle.detectAndParse(duration);
		}
		catch (IllegalArgumentException ex) {
			return error(HttpStatus.BAD_REQUEST, "ingest/client",
					"'" + duration + "' is not a duration: use e.g. 10s or 500ms");
		}
		SimulatedBroker broker = this.broker.getIfAvailable();
		if (broker == null) {
			return error(HttpStatus.CONFLICT, "ingest/client", "There is no simulated broker with the kafka profile: "
					+ "the broker is a real one (try POST /chaos/poison-record)");
		}
		Instant until = broker.outage(outage);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("refusingUntil", until.toString());
		body.put("message", "The broker dropped its connections and refuses new ones for " + duration
				+ "; ingest/client restarts with backoff meanwhile, producers keep their backlog");
		return ResponseEntity.ok(body);
	}

	/**
	 * Appends a fact that no consumer can apply.
	 * @return the poison fact's offset
	 */
	@PostMapping("/poison-fact")
	ResponseEntity<Map<String, Object>> poisonFact() {
		Fact fact = this.facts.appendPoison();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("offset", fact.offset());
		body.put("message", "Fact #" + fact.offset() + " is poison: the facts consumers stop and the tree stays "
				+ "down; drop it with DELETE /facts/poison, then restart the tree with "
				+ "POST /actuator/supervision/facts {\"action\":\"restart\"}");
		return ResponseEntity.ok(body);
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String path, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("path", path);
		body.put("error", message);
		return ResponseEntity.status(status).body(body);
	}

	private static String name(ChildState state) {
		return state.name().toLowerCase(Locale.ROOT);
	}

}
