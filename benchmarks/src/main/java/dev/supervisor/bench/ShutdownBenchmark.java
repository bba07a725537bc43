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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: single-shot time of terminating a dynamic supervisor that holds {@code n} idle children
 * ({@code terminateChild} on its parent, until every child has stopped). Not final: JMH extends
 * state classes.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 2, jvmArgsAppend = { "-Xms2g", "-Xmx4g" })
@State(Scope.Benchmark)
public class ShutdownBenchmark {

	@Param({ "10000" })
	public int n = 10_000;

	@Param({ "service", "worker" })
	public String kind = "service";

	@Param({ "virtual", "platform" })
	public String threads = "virtual";

	private final IdleChildren children = new IdleChildren();

	// Set by the trial's setup.
	private BenchEnv env;

	private SupervisionTree tree;

	@Setup(Level.Trial)
	public void startTree() {
		this.env = BenchEnv.of(BenchEnv.ThreadKind.parse(this.threads));
		this.tree = SupervisionTree.create("jmh", SupervisorSpec.oneForOne(ChildSpec.supervisor("dyn",
				SupervisorSpec.dynamic(this.children.spec("child", ChildType.parse(this.kind))))),
				this.env.treeOptions(false));
		this.tree.start();
	}

	@Setup(Level.Iteration)
	public void fill() throws Exception {
		SupervisorHandle dynamic = this.tree.supervisor("jmh/dyn");
		this.children.expect(this.n);
		this.env.drive(() -> {
			for (int i = 0; i < this.n; i++) {
				Outcome outcome = dynamic.startDynamicChild(null, null);
				if (outcome.status() != Outcome.Status.OK) {
					throw new IllegalStateException("a child did not start: " + outcome);
				}
			}
		});
		this.children.awaitReady();
	}

	@Benchmark
	public Outcome terminateDynamicSupervisor() {
		return this.tree.root().terminateChild("dyn");
	}

	@TearDown(Level.Iteration)
	public void restartDynamicSupervisor() {
		if (this.children.stopped() != this.n) {
			throw new IllegalStateException("only " + this.children.stopped() + " of " + this.n + " children stopped");
		}
		this.tree.root().restartChild("dyn");
	}

	@TearDown(Level.Trial)
	public void stopTree() {
		this.tree.stop();
	}

}
