package dev.supervisor.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.supervisor.Outcome;
import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.handle.ChildHandle;

import org.springframework.context.ConfigurableApplicationContext;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH (issue #15, figure 2): the cost of {@code ChildHandle.call} on a running child of a Spring
 * Boot application with the starter, next to the same method called directly on an instance; one
 * caller, eight callers, and eight callers while the child is restarted every millisecond
 * ({@code forceRestartChild}, stop then start; a call that meets the restart waits for the next
 * incarnation). Not final: JMH extends state classes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class HandleBenchmark {

	@Param({ "virtual", "platform" })
	public String threads = "virtual";

	// Set by the trial's setup.
	ConfigurableApplicationContext context;

	private ChildHandle<Target> handle;

	private final Target direct = new Target();

	@Setup(Level.Trial)
	public void startApplication() {
		BenchEnv env = BenchEnv.of(BenchEnv.ThreadKind.parse(this.threads));
		Map<String, Object> properties = new LinkedHashMap<>(SpringBench.threads(env));
		properties.put("supervision.trees.bench.intensity", "100000000");
		properties.put("supervision.trees.bench.period", "1s");
		properties.put("supervision.trees.bench.children[0].id", "target");
		properties.put("supervision.trees.bench.children[0].class", Target.class.getName());
		this.context = SpringBench.start(false, properties);
		this.handle = this.context.getBean(SupervisionRegistry.class).handle("bench/target", Target.class);
	}

	@TearDown(Level.Trial)
	public void stopApplication() {
		this.context.close();
	}

	@Benchmark
	@Threads(1)
	public String directCall() {
		return this.direct.name();
	}

	@Benchmark
	@Threads(1)
	public String handleCall() {
		return this.handle.call(Target::name);
	}

	@Benchmark
	@Threads(8)
	public String handleCall8Callers() {
		return this.handle.call(Target::name);
	}

	@Benchmark
	@Threads(8)
	public String handleCall8CallersRestartEveryMs(Restarter restarter) {
		return this.handle.call(Target::name);
	}

	/** Restarts the child every millisecond while the benchmark runs. */
	@State(Scope.Benchmark)
	public static class Restarter {

		private volatile boolean stopped;

		private Thread thread;

		final AtomicLong restarts = new AtomicLong();

		@Setup(Level.Iteration)
		public void start(HandleBenchmark benchmark) {
			SupervisionRegistry registry = benchmark.context.getBean(SupervisionRegistry.class);
			this.stopped = false;
			this.thread = new Thread(() -> {
				while (!this.stopped) {
					Outcome outcome = registry.supervisor("bench").forceRestartChild("target");
					if (!outcome.isOk()) {
						throw new IllegalStateException("restart failed: " + outcome);
					}
					this.restarts.incrementAndGet();
					LockSupport.parkNanos(1_000_000);
				}
			}, "bench-restarter");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		@TearDown(Level.Iteration)
		public void stop() throws InterruptedException {
			this.stopped = true;
			this.thread.join();
		}

	}

	/** The child: a {@code class:} service with one method to call. */
	public static final class Target implements Service {

		// Read only, so callers on eight threads share no written cache line; a reference, so
		// neither call boxes its result (a handle's action returns an object).
		private final String name = "target-" + System.nanoTime();

		String name() {
			return this.name;
		}

		@Override
		public void start(ServiceContext context) {
		}

		@Override
		public void stop(ServiceContext context) {
		}

	}

}
