package dev.supervisor.bench;

import java.util.concurrent.TimeUnit;

import dev.supervisor.ChildSpec;
import dev.supervisor.Outcome;
import dev.supervisor.SupervisionTree;
import dev.supervisor.SupervisorHandle;
import dev.supervisor.SupervisorSpec;

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
 * JMH: the average time of one synchronous {@code startDynamicChild} on a dynamic supervisor that
 * fills up during an iteration (a fresh tree per iteration). Calls are made in batches of 1,000
 * from a driver thread of the tree's kind. Not final: JMH extends state classes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms2g", "-Xmx4g" })
@State(Scope.Benchmark)
public class SpawnBenchmark {

	static final int BATCH = 1000;

	@Param({ "service", "worker" })
	public String kind = "service";

	@Param({ "virtual", "platform" })
	public String threads = "virtual";

	// Set by the iteration's setup.
	private BenchEnv env;

	private SupervisionTree tree;

	private SupervisorHandle dynamic;

	@Setup(Level.Iteration)
	public void startTree() {
		this.env = BenchEnv.of(BenchEnv.ThreadKind.parse(this.threads));
		IdleChildren children = new IdleChildren();
		this.tree = SupervisionTree.create("jmh", SupervisorSpec.oneForOne(ChildSpec.supervisor("dyn",
				SupervisorSpec.dynamic(children.spec("child", ChildType.parse(this.kind))))), this.env.treeOptions(false));
		this.tree.start();
		this.dynamic = this.tree.supervisor("jmh/dyn");
	}

	@TearDown(Level.Iteration)
	public void stopTree() {
		this.tree.stop();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void startDynamicChild() throws Exception {
		this.env.drive(() -> {
			for (int i = 0; i < BATCH; i++) {
				Outcome outcome = this.dynamic.startDynamicChild(null, null);
				if (outcome.status() != Outcome.Status.OK) {
					throw new IllegalStateException("a child did not start: " + outcome);
				}
			}
		});
	}

}
