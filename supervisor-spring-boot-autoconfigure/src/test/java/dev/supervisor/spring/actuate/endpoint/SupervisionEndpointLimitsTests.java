package dev.supervisor.spring.actuate.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.supervisor.ChildKind;
import dev.supervisor.ChildSpec;
import dev.supervisor.ChildState;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.NodeSnapshot.SupervisorView;
import dev.supervisor.Outcome;
import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.Shutdown;
import dev.supervisor.SupervisorHandle;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #17 §2: every response of the endpoint holds at most a budget of nodes and a depth, says
 * when it left nodes out, takes its snapshot in turns with a bounded number of others, and shows
 * a supervisor that could not answer in time as such, never as empty.
 */
class SupervisionEndpointLimitsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SupervisionAutoConfiguration.class))
		.withUserConfiguration(Tree.class);

	@Test
	void aResponseHoldsAtMostItsNodeBudgetAndSaysWhereNodesWereLeftOut() {
		this.runner.run((context) -> {
			startPool(context.getBean(SupervisionRegistry.class), 30);
			SupervisionEndpoint endpoint = endpoint(context.getBean(SupervisionRegistry.class), 10, 4, Duration.ofSeconds(10));
			TreesDescriptor trees = (TreesDescriptor) endpoint.trees(null, 1000, null, SecurityContext.NONE).getBody();
			assertThat(trees.trees().get(0).nodeCount()).isEqualTo(10);
			assertThat(trees.truncated()).isTrue();
			NodeDescriptor root = trees.trees().get(0);
			assertThat(root.truncated()).as("something below the root was left out").isTrue();
			NodeDescriptor pool = root.children().get(1);
			assertThat(pool.supervisor().truncated()).isTrue();
			assertThat(pool.supervisor().totalChildren()).as("counts stay exact").isEqualTo(30);
			assertThat(root.children().get(0).truncated()).as("a worker loses nothing").isNull();
			NodeDescriptor poolAlone = (NodeDescriptor) endpoint
				.node(new String[] { "t", "pool" }, null, 1000, null, SecurityContext.NONE)
				.getBody();
			assertThat(poolAlone.nodeCount()).isEqualTo(10);
		});
	}

	@Test
	void depthListsOnlyTheLevelsAskedFor() {
		this.runner.run((context) -> {
			startPool(context.getBean(SupervisionRegistry.class), 3);
			SupervisionEndpoint endpoint = endpoint(context.getBean(SupervisionRegistry.class), 1000, 4, Duration.ofSeconds(10));
			NodeDescriptor rootOnly = (NodeDescriptor) endpoint
				.node(new String[] { "t" }, null, null, 0, SecurityContext.NONE)
				.getBody();
			assertThat(rootOnly.children()).isEmpty();
			assertThat(rootOnly.supervisor().truncated()).isTrue();
			assertThat(rootOnly.supervisor().totalChildren()).isEqualTo(2);
			NodeDescriptor oneLevel = (NodeDescriptor) endpoint
				.node(new String[] { "t" }, null, null, 1, SecurityContext.NONE)
				.getBody();
			assertThat(oneLevel.children()).extracting(NodeDescriptor::id).containsExactly("a", "pool");
			assertThat(oneLevel.children().get(1).children()).isEmpty();
			assertThat(oneLevel.children().get(1).truncated()).isTrue();
			assertThat(endpoint.node(new String[] { "t" }, null, null, -1, SecurityContext.NONE).getStatus())
				.isEqualTo(400);
			assertThat(endpoint.trees(null, null, -1, SecurityContext.NONE).getStatus()).isEqualTo(400);
		});
	}

	@Test
	void readsBeyondTheConcurrentSnapshotsWaitTheirTurnThenAreAnswered503() {
		this.runner.run((context) -> {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			SupervisionEndpoint endpoint = endpoint(registry, 1000, 1, Duration.ofMillis(200));
			CountDownLatch entered = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			// The root is busy starting a child that takes its time: a snapshot waits for it.
			CompletableFuture<Outcome> slowStart = CompletableFuture.supplyAsync(() -> registry.supervisor("t")
				.startChild(ChildSpec.service("slow", (ctx) -> new Blocking(entered, release))));
			try {
				assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
				CompletableFuture<WebEndpointResponse<Object>> first = CompletableFuture
					.supplyAsync(() -> endpoint.trees(null, null, null, SecurityContext.NONE));
				await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.freeSnapshotTurns() == 0);
				WebEndpointResponse<Object> second = endpoint.trees(null, null, null, SecurityContext.NONE);
				assertThat(second.getStatus()).isEqualTo(503);
				assertThat(((MessageDescriptor) second.getBody()).message()).contains("max-concurrent-snapshots");
				NodeDescriptor busyRoot = ((TreesDescriptor) first.join().getBody()).trees().get(0);
				assertThat(busyRoot.supervisor().complete()).as("the root was busy past the deadline").isFalse();
				assertThat(busyRoot.supervisor().totalChildren()).as("unknown, not zero").isNull();
			}
			finally {
				release.countDown();
			}
			slowStart.join();
			assertThat(endpoint.freeSnapshotTurns()).isEqualTo(1);
			assertThat(endpoint.trees(null, null, null, SecurityContext.NONE).getStatus()).isEqualTo(200);
		});
	}

	@Test
	void aSupervisorThatDidNotAnswerInTimeIsShownNotCompleteWithUnknownCountsNeverAsEmpty() {
		SupervisorView unknown = new SupervisorView(null, 3, Duration.ofSeconds(5), 0, 0, Map.of(), 0, List.of(), 100,
				null, false, false);
		NodeSnapshot busy = new NodeSnapshot("t/pool", "pool", ChildKind.DYNAMIC_SUPERVISOR, null, Shutdown.INFINITY,
				false, ChildState.RUNNING, 1, Instant.EPOCH, 0, null, null, unknown);
		NodeDescriptor.SupervisorDescriptor shown = SupervisionSanitizer.masking().node(busy, false).supervisor();
		assertThat(shown.complete()).isFalse();
		assertThat(shown.totalChildren()).isNull();
		assertThat(shown.childrenByState()).isNull();
		assertThat(shown.restartsInWindow()).isNull();
	}

	private static SupervisionEndpoint endpoint(SupervisionRegistry registry, int maxNodes, int maxConcurrentSnapshots,
			Duration wait) {
		return new SupervisionEndpoint(registry, null, SupervisionSanitizer.masking(), maxNodes, maxConcurrentSnapshots,
				wait);
	}

	private static void startPool(SupervisionRegistry registry, int count) {
		SupervisorHandle pool = registry.supervisor("t/pool");
		for (int i = 0; i < count; i++) {
			assertThat(pool.startDynamicChild("c-" + i, null).isOk()).isTrue();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Tree {

		@Bean
		SupervisorSpec t() {
			return SupervisorSpec.oneForOne(ChildSpec.service("a", (context) -> new Idle()),
					ChildSpec.supervisor("pool", SupervisorSpec.dynamic(ChildSpec.service("c", (context) -> new Idle()))));
		}

	}

	static final class Idle implements Service {

		@Override
		public void start(ServiceContext context) {
		}

		@Override
		public void stop(ServiceContext context) {
		}

	}

	record Blocking(CountDownLatch entered, CountDownLatch release) implements Service {

		@Override
		public void start(ServiceContext context) throws InterruptedException {
			this.entered.countDown();
			this.release.await(30, TimeUnit.SECONDS);
		}

		@Override
		public void stop(ServiceContext context) {
		}

	}

}
