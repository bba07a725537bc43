package dev.supervisor.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import dev.supervisor.ChildContext;
import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.Worker;
import dev.supervisor.spring.event.SupervisionApplicationEvent;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.context.event.EventListener;

/**
 * The Spring application of the Spring-layer scenarios (issue #15): a Spring Boot application
 * with the starter's auto-configuration, whose tree is given as properties, and the children a
 * Spring user declares: a prototype bean with three injected dependencies, a {@code class:}
 * child, a singleton {@code Runnable} and a {@code SmartLifecycle}. Every child announces its
 * first statement to the {@link Probe}, a singleton bean the driver shares.
 */
final class SpringBench {

	/** Where the starter's supervisor reports go; off as {@code withReports(false)} in the engine runs. */
	static final String REPORTS_LOGGER = "logging.level.dev.supervisor";

	private SpringBench() {
	}

	/**
	 * Starts an application.
	 * @param web whether it runs the web server (on a free port) with the supervision endpoint
	 * @param properties the tree and anything else, highest precedence
	 * @param configurations the configurations of the children's beans
	 * @return the running context
	 */
	static ConfigurableApplicationContext start(boolean web, Map<String, Object> properties,
			Class<?>... configurations) {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("spring.main.banner-mode", "off");
		all.put("spring.main.log-startup-info", "false");
		all.put("spring.jmx.enabled", "false");
		all.put(REPORTS_LOGGER, "off");
		all.put("logging.level.org.springframework", "warn");
		if (web) {
			all.put("server.port", "0");
			all.put("management.endpoints.web.exposure.include", "supervision");
		}
		all.putAll(properties);
		Class<?>[] sources = new Class<?>[configurations.length + 1];
		sources[0] = App.class;
		System.arraycopy(configurations, 0, sources, 1, configurations.length);
		return new SpringApplicationBuilder(sources).web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
			.properties(all)
			.registerShutdownHook(false)
			.run();
	}

	/** Whether the tree runs on virtual threads, as a user sets it. */
	static Map<String, Object> threads(BenchEnv env) {
		return Map.of("spring.threads.virtual.enabled", String.valueOf(env.threads() == BenchEnv.ThreadKind.VIRTUAL));
	}

	/** The application: the starter's auto-configuration, no component scan. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		Probe probe() {
			return new Probe();
		}

		@Bean
		Clock benchClock() {
			return new Clock();
		}

		@Bean
		Counter benchCounter() {
			return new Counter();
		}

	}

	/** A prototype service with three injected dependencies ({@code bean: prototypeService}). */
	@Configuration(proxyBeanMethods = false)
	static class PrototypeChild {

		@Bean
		@Scope("prototype")
		PrototypeService prototypeService(Probe probe, Clock clock, Counter counter) {
			return new PrototypeService(probe, clock, counter);
		}

	}

	/** A singleton {@code Runnable} ({@code bean: runnableWorker}): the same instance is run again. */
	@Configuration(proxyBeanMethods = false)
	static class RunnableChild {

		@Bean
		RunnableWorker runnableWorker(Probe probe) {
			return new RunnableWorker(probe);
		}

	}

	/** A singleton {@code SmartLifecycle} ({@code bean: lifecycleService}). */
	@Configuration(proxyBeanMethods = false)
	static class LifecycleChild {

		@Bean
		LifecycleBean lifecycleService(Probe probe) {
			return new LifecycleBean(probe);
		}

	}

	/** Micrometer meters bound (a simple registry) and an {@code @EventListener} of supervision events. */
	@Configuration(proxyBeanMethods = false)
	static class Observed {

		@Bean
		io.micrometer.core.instrument.simple.SimpleMeterRegistry simpleMeterRegistry() {
			return new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
		}

		@Bean
		EventCounter eventCounter() {
			return new EventCounter();
		}

	}

	/** What the driver and the children share. */
	static final class Probe {

		final BlockingQueue<Alive> alive = new LinkedBlockingQueue<>();

		final BlockingQueue<Object> crash = new LinkedBlockingQueue<>();

		/** T0 of a crash the child takes itself (a worker's throw, a lifecycle's liveness answer). */
		volatile long crashAt;

		Alive next() throws InterruptedException {
			return this.alive.take();
		}

	}

	/** A new incarnation's first statement ran at {@code startedAt}; a service's context to crash it. */
	record Alive(long startedAt, @Nullable ServiceContext context, @Nullable LifecycleBean lifecycle) {
	}

	/** A dependency. */
	static final class Clock {

		long now() {
			return System.nanoTime();
		}

	}

	/** A dependency, and the target of the handle benchmark's calls. */
	static final class Counter {

		private final AtomicLong value = new AtomicLong();

		long next() {
			return this.value.incrementAndGet();
		}

	}

	/** The prototype service. */
	static final class PrototypeService implements Service {

		private final Probe probe;

		private final Clock clock;

		private final Counter counter;

		PrototypeService(Probe probe, Clock clock, Counter counter) {
			this.probe = probe;
			this.clock = clock;
			this.counter = counter;
		}

		@Override
		public void start(ServiceContext context) {
			long startedAt = this.clock.now();
			this.counter.next();
			this.probe.alive.add(new Alive(startedAt, context, null));
		}

		@Override
		public void stop(ServiceContext context) {
		}

	}

	/** The {@code class:} worker: instantiated and autowired per incarnation (three dependencies). */
	public static final class ClassWorker implements Worker {

		private final Probe probe;

		private final Clock clock;

		private final Counter counter;

		public ClassWorker(Probe probe, Clock clock, Counter counter) {
			this.probe = probe;
			this.clock = clock;
			this.counter = counter;
		}

		@Override
		public void run(ChildContext context) throws InterruptedException {
			long startedAt = this.clock.now();
			this.counter.next();
			this.probe.alive.add(new Alive(startedAt, null, null));
			this.probe.crash.take();
			this.probe.crashAt = System.nanoTime();
			throw new IllegalStateException("bench crash");
		}

	}

	/** A {@code class:} service that does nothing: the children of the start-up and endpoint scenarios. */
	public static final class IdleService implements Service {

		@Override
		public void start(ServiceContext context) {
		}

		@Override
		public void stop(ServiceContext context) {
		}

	}

	/** The singleton {@code Runnable}. */
	static final class RunnableWorker implements Runnable {

		private final Probe probe;

		RunnableWorker(Probe probe) {
			this.probe = probe;
		}

		@Override
		public void run() {
			long startedAt = System.nanoTime();
			this.probe.alive.add(new Alive(startedAt, null, null));
			try {
				this.probe.crash.take();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			this.probe.crashAt = System.nanoTime();
			throw new IllegalStateException("bench crash");
		}

	}

	/**
	 * The singleton {@code SmartLifecycle}: it cannot report a crash, so the starter's liveness
	 * check finds it; T0 is when {@code isRunning()} first answers {@code false} after the driver
	 * broke it.
	 */
	static final class LifecycleBean implements SmartLifecycle {

		private final Probe probe;

		private volatile boolean running;

		private volatile boolean broken;

		LifecycleBean(Probe probe) {
			this.probe = probe;
		}

		@Override
		public void start() {
			long startedAt = System.nanoTime();
			this.broken = false;
			this.running = true;
			this.probe.alive.add(new Alive(startedAt, null, this));
		}

		void breakIt() {
			this.broken = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isAutoStartup() {
			// Only its supervisor starts it.
			return false;
		}

		@Override
		public int getPhase() {
			// Below the tree's phase: Spring stops it after its supervisor has.
			return 0;
		}

		@Override
		public boolean isRunning() {
			if (this.broken && this.running) {
				this.running = false;
				this.probe.crashAt = System.nanoTime();
			}
			return this.running;
		}

	}

	/** An {@code @EventListener} of every supervision event. */
	static final class EventCounter {

		final AtomicLong events = new AtomicLong();

		@EventListener
		void on(SupervisionApplicationEvent event) {
			this.events.incrementAndGet();
		}

	}

}
