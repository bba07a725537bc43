package com.example;

import java.time.Duration;

import dev.supervisor.Backoff;
import dev.supervisor.ChildSpec;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.RestartType;
import dev.supervisor.Shutdown;
import dev.supervisor.SupervisionTree;
import dev.supervisor.SupervisorSpec;

class PlainJavaTree {

	static NodeSnapshot run(OrderRepository orders) {
		SupervisionTree tree = SupervisionTree.create("ingest", SupervisorSpec.oneForOne(
				ChildSpec.service("connection", (ctx) -> new BrokerConnection())
					.withBackoff(Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(30))),
				ChildSpec.worker("poller", (ctx) -> new Poller(orders)).withShutdown(Shutdown.parse("10s")),
				ChildSpec.supervisor("buckets", SupervisorSpec.dynamic(
						ChildSpec.worker("bucket", (ctx) -> new Bucket((String) ctx.argument()))
							.withRestart(RestartType.TEMPORARY)).withMaxChildren(10_000))));
		tree.start();                                            // children start one by one, in order
		tree.supervisor("ingest/buckets").startDynamicChild("b-1", "tenant-42");
		NodeSnapshot snapshot = tree.snapshot();                 // the live tree, immutable
		tree.stop();                                             // reverse order, each with its shutdown
		return snapshot;
	}

}
