package dev.supervisor.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.supervisor.bench.SpringBench.Alive;
import dev.supervisor.bench.SpringBench.Probe;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Restart latency of a child a Spring user declares (issue #15, figures 1 and 5): the tree of a
 * Spring Boot application with the starter, one child {@code target} under {@code one-for-one}
 * (intensity 10^8 in 1 s), crash until the first statement of the new incarnation, as the
 * engine's {@code restart} scenario times it. The tree is never recreated ({@code batch=none}):
 * the restart window is O(1).
 *
 * <ul>
 * <li>{@code prototype}: a prototype bean service with three injected dependencies, crashed by
 * the driver with {@code ctx.fail(e)} ({@code mode=fail}); every restart makes a new bean and
 * destroys the old one.</li>
 * <li>{@code class}: a {@code class:} worker (instantiated and autowired per incarnation, three
 * dependencies) that throws ({@code mode=throw}).</li>
 * <li>{@code runnable}: a singleton {@code Runnable} that throws, run again.</li>
 * <li>{@code lifecycle}: a singleton {@code SmartLifecycle}; it cannot report a crash, so the
 * liveness check (every 1 ms) finds it: T0 is when {@code isRunning()} first answers false
 * ({@code mode=liveness}).</li>
 * </ul>
 * {@code observe=on} binds the starter's Micrometer meters (to a {@code SimpleMeterRegistry}) and adds
 * an {@code @EventListener} of supervision events; {@code observe=off} excludes the starter's metrics
 * auto-configuration and has no listener (events are still published, to nobody). The starter's reports are off
 * ({@code logging.level.dev.supervisor=off}), as the engine runs have {@code withReports(false)}.
 */
final class SpringRestart {

	/** The children a Spring user declares. */
	enum Child {

		PROTOTYPE("service", "fail"), CLASS("worker", "throw"), RUNNABLE("worker", "throw"),
		LIFECYCLE("service", "liveness");

		final String kind;

		final String mode;

		Child(String kind, String mode) {
			this.kind = kind;
			this.mode = mode;
		}

		String label() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Child parse(String text) {
			for (Child child : values()) {
				if (child.label().equals(text)) {
					return child;
				}
			}
			throw new IllegalArgumentException("the Spring child must be prototype, class, runnable or lifecycle (was '"
					+ text + "')");
		}

	}

	static final String METRICS = "dev.supervisor.spring.autoconfigure.metrics.SupervisionMetricsAutoConfiguration";

	private SpringRestart() {
	}

	static void run(BenchEnv env, Report report, Child child, int iterations, boolean observe, int warmup)
			throws Exception {
		Map<String, Object> properties = new LinkedHashMap<>(SpringBench.threads(env));
		String prefix = "supervision.trees.bench.";
		properties.put(prefix + "strategy", "one-for-one");
		properties.put(prefix + "intensity", "100000000");
		properties.put(prefix + "period", "1s");
		properties.put(prefix + "children[0].id", "target");
		Class<?> beans = switch (child) {
			case PROTOTYPE -> {
				properties.put(prefix + "children[0].bean", "prototypeService");
				yield SpringBench.PrototypeChild.class;
			}
			case CLASS -> {
				properties.put(prefix + "children[0].class", SpringBench.ClassWorker.class.getName());
				yield null;
			}
			case RUNNABLE -> {
				properties.put(prefix + "children[0].bean", "runnableWorker");
				yield SpringBench.RunnableChild.class;
			}
			case LIFECYCLE -> {
				properties.put(prefix + "children[0].bean", "lifecycleService");
				properties.put("supervision.lifecycle.liveness-interval", "1ms");
				yield SpringBench.LifecycleChild.class;
			}
		};
		if (!observe) {
			// With the actuator on the class path a meter registry is always there: off means unbound.
			properties.put("spring.autoconfigure.exclude", METRICS);
		}
		java.util.List<Class<?>> configurations = new java.util.ArrayList<>();
		if (beans != null) {
			configurations.add(beans);
		}
		if (observe) {
			configurations.add(SpringBench.Observed.class);
		}
		long[] init = new long[iterations];
		long[] seen = new long[iterations];
		long[] allocated = new long[1];
		try (ConfigurableApplicationContext context = SpringBench.start(false, properties,
				configurations.toArray(new Class<?>[0]))) {
			Probe probe = context.getBean(Probe.class);
			env.drive(() -> {
				Alive alive = probe.next();
				alive = restarts(child, probe, alive, warmup, null, null);
				long before = BenchEnv.allocatedBytes();
				restarts(child, probe, alive, iterations, init, seen);
				allocated[0] = BenchEnv.allocatedBytes() - before;
			});
			if (observe && context.getBean(SpringBench.EventCounter.class).events.get() == 0) {
				throw new IllegalStateException("observe=on: the event listener heard no supervision event");
			}
		}
		String variant = "child=" + child.label() + ";kind=" + child.kind + ";mode=" + child.mode
				+ ";batch=none;observe=" + (observe ? "on" : "off");
		report.latency("spring_restart", iterations, variant, "crash_to_new_init", init);
		report.latency("spring_restart", iterations, variant, "crash_to_driver_sees_alive", seen);
		report.result("spring_restart", iterations, variant, "alloc_per_restart", (double) allocated[0] / iterations,
				"bytes");
	}

	private static Alive restarts(Child child, Probe probe, Alive first, int count, long @Nullable [] init,
			long @Nullable [] seen)
			throws InterruptedException {
		Alive alive = first;
		for (int i = 0; i < count; i++) {
			long t0;
			switch (child) {
				case PROTOTYPE -> {
					t0 = System.nanoTime();
					alive.context().fail(new IllegalStateException("bench crash"));
					alive = probe.next();
				}
				case LIFECYCLE -> {
					alive.lifecycle().breakIt();
					alive = probe.next();
					t0 = probe.crashAt;
				}
				default -> {
					probe.crash.add("crash");
					alive = probe.next();
					t0 = probe.crashAt;
				}
			}
			long t2 = System.nanoTime();
			if (init != null && seen != null) {
				init[i] = alive.startedAt() - t0;
				seen[i] = t2 - t0;
			}
		}
		return alive;
	}

}
