package dev.supervisor.example;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.supervisor.Backoff;
import dev.supervisor.ChildSpec;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.SupervisionEvent;
import dev.supervisor.SupervisionTree;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.TreeOptions;

/**
 * A runnable tour of the core engine: builds a tree, crashes a child, prints the tree, stops it.
 * Run it with the README's "run" command.
 */
public final class CoreExample {

	private CoreExample() {
	}

	public static void main(String[] args) throws Exception {
		CountDownLatch restarted = new CountDownLatch(1);
		Connection[] connection = new Connection[1];
		SupervisionTree tree = SupervisionTree.create("ingest", SupervisorSpec.oneForOne(
				ChildSpec.service("connection", (ctx) -> connection[0] = new Connection())
					.withBackoff(Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5))),
				ChildSpec.worker("poller", (ctx) -> (context) -> {
					while (!context.stopRequested()) {
						Thread.sleep(50); // a poll loop: interrupted when asked to stop
					}
				}),
				ChildSpec.supervisor("consumers", SupervisorSpec.dynamic(
						ChildSpec.worker("consumer", (ctx) -> (context) -> new CountDownLatch(1).await())))),
				TreeOptions.defaults().withReports(false).withListener((event) -> {
					System.out.println("event: " + event.type() + " " + event.path()
							+ ((event.reason() != null) ? " " + event.reason() : ""));
					if (event.type() == SupervisionEvent.Type.RESTARTED) {
						restarted.countDown();
					}
				}));
		tree.start();
		tree.supervisor("ingest/consumers").startDynamicChild("c-1", null);
		tree.supervisor("ingest/consumers").startDynamicChild("c-2", null);
		System.out.println("\n-- the connection crashes; it comes back after its backoff:");
		connection[0].context.fail(new java.io.IOException("broker connection lost"));
		if (!restarted.await(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("the connection was not restarted");
		}
		System.out.println("\n-- the tree now:");
		print(tree.snapshot(), "");
		System.out.println("\n-- stopping (reverse start order):");
		tree.stop();
		System.out.println("tree state: " + tree.state());
	}

	private static void print(NodeSnapshot node, String indent) {
		System.out.println(indent + node.id() + " [" + node.kind() + "] " + node.state() + " incarnation="
				+ node.incarnation() + " restarts=" + node.restartCount()
				+ ((node.lastExit() != null) ? " lastExit=" + node.lastExit().reason() + " "
						+ node.lastExit().exceptionClass() + ": " + node.lastExit().message() : ""));
		if (node.supervisor() != null) {
			node.supervisor().children().forEach((child) -> print(child, indent + "  "));
		}
	}

	static final class Connection implements Service {

		volatile ServiceContext context;

		@Override
		public void start(ServiceContext context) {
			this.context = context;
		}

		@Override
		public void stop(ServiceContext context) {
		}

	}

}
