package dev.supervisor.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.supervisor.ChildSpec;
import dev.supervisor.ServiceContext;
import dev.supervisor.SupervisionTree;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.bench.RestartLatency.Alive;
import dev.supervisor.bench.RestartLatency.Probe;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the average round trip of a one-for-one restart, from the crash until the driver has
 * heard from the new incarnation ({@code crash_to_driver_sees_alive}), 100 restarts per
 * invocation on a driver thread of the tree's kind. The tree is never recreated, so this also
 * shows that the restart window stays O(1) with 10^5 restarts inside one period. Not final: JMH
 * extends state classes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class RestartBenchmark {

	static final int BATCH = 100;

	@Param({ "service", "worker" })
	public String kind = "service";

	@Param({ "virtual", "platform" })
	public String threads = "virtual";

	private final Probe probe = new Probe();

	// Set by the trial's setup.
	private BenchEnv env;

	private SupervisionTree tree;

	private volatile Alive alive;

	@Setup(Level.Trial)
	public void startTree() throws InterruptedException {
		this.env = BenchEnv.of(BenchEnv.ThreadKind.parse(this.threads));
		ChildType type = ChildType.parse(this.kind);
		ChildSpec target = switch (type) {
			case SERVICE -> ChildSpec.service("target", (ctx) -> new RestartLatency.TargetService(this.probe));
			case WORKER -> ChildSpec.worker("target", (ctx) -> new RestartLatency.TargetWorker(this.probe));
		};
		this.tree = SupervisionTree.create("jmh",
				SupervisorSpec.oneForOne(target).withIntensity(100_000_000, Duration.ofSeconds(1)),
				this.env.treeOptions(false));
		this.tree.start();
		this.alive = this.probe.next();
	}

	@TearDown(Level.Trial)
	public void stopTree() {
		this.tree.stop();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void restartOneForOne() throws Exception {
		boolean service = this.kind.equals("service");
		this.env.drive(() -> {
			Alive current = this.alive;
			for (int i = 0; i < BATCH; i++) {
				if (service) {
					((ServiceContext) current.context()).fail(new IllegalStateException("bench crash"));
				}
				else {
					this.probe.crash.add("crash");
				}
				current = this.probe.next();
			}
			this.alive = current;
		});
	}

}
