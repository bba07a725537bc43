package dev.supervisor.spring.actuate;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.supervisor.ChildSpec;
import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.SupervisorHandle;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.actuate.metrics.SupervisionMetrics;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import dev.supervisor.spring.autoconfigure.metrics.SupervisionMetricsAutoConfiguration;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #17 §5 and issue #10 §2: meter tags stay bounded and never empty, related meters share
 * their tag keys, declared children have their series from start-up, and a deleted child's
 * series go.
 */
class SupervisionMetricsTests {

	private static final String RUN_TIME = SupervisionMetrics.RUN_TIME_CHILD;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withInitializer((context) -> context.getEnvironment().setConversionService(new ApplicationConversionService()))
		.withConfiguration(AutoConfigurations.of(SupervisionAutoConfiguration.class,
				SupervisionMetricsAutoConfiguration.class))
		.withUserConfiguration(TestChildren.class)
		.withPropertyValues(OperatedApp.TREE);

	@Test
	void theSeriesOfDeclaredChildrenAndSupervisorsExistFromStartUpAtZero() {
		this.runner.run((context) -> {
			MeterRegistry meters = bind(context);
			assertThat(meters.get("supervision.child.starts").tags("tree", "ops", "supervisor", "ops", "child", "a", "type",
					"service").counter().count()).isZero();
			assertThat(meters.get("supervision.child.exits").tags("child", "a").counters()).extracting(
					(counter) -> counter.getId().getTag("reason")).containsExactlyInAnyOrder("normal", "shutdown",
							"shutdown-error", "crashed", "killed");
			assertThat(meters.get("supervision.child.restarts").tags("child", "a").counter().count()).isZero();
			assertThat(meters.get("supervision.restart.latency").tags("child", "a").timer().count()).isZero();
			assertThat(meters.get("supervision.child.starts").tags("supervisor", "ops/pool", "child", RUN_TIME, "type",
					"service").counter().count()).as("the pool's children, folded").isZero();
			assertThat(meters.get("supervision.intensity.exceeded").tags("supervisor", "ops").counter().count()).isZero();
			assertThat(meters.get("supervision.intensity.exceeded").tags("supervisor", "ops/pool").counter().count())
				.isZero();
		});
	}

	@Test
	void childrenStartedAtRunTimeUnderAStaticSupervisorAreFoldedIntoOneSeries() {
		this.runner.run((context) -> {
			MeterRegistry meters = bind(context);
			SupervisorHandle ops = context.getBean(SupervisionRegistry.class).supervisor("ops");
			for (int i = 0; i < 50; i++) {
				assertThat(ops.startChild(ChildSpec.service("job-" + i, (ctx) -> new Quiet())).isOk()).isTrue();
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> meters.get("supervision.child.starts")
				.tags("supervisor", "ops", "child", RUN_TIME)
				.counter()
				.count() == 50);
			assertThat(childTagValues(meters)).containsExactlyInAnyOrder("a", "pool", RUN_TIME);
		});
	}

	@Test
	void theChildrenOfADynamicSupervisorAreFoldedIntoOneSeries() {
		this.runner.run((context) -> {
			MeterRegistry meters = bind(context);
			SupervisorHandle pool = context.getBean(SupervisionRegistry.class).supervisor("ops/pool");
			for (int i = 0; i < 20; i++) {
				pool.startDynamicChild("w-" + i, null);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> meters.get("supervision.child.starts")
				.tags("supervisor", "ops/pool", "child", RUN_TIME)
				.counter()
				.count() == 20);
			assertThat(childTagValues(meters)).containsExactlyInAnyOrder("a", "pool", RUN_TIME);
		});
	}

	@Test
	void aDeletedChildsSeriesAreRemovedAndFoldedSeriesStay() {
		this.runner.run((context) -> {
			MeterRegistry meters = bind(context);
			SupervisorHandle ops = context.getBean(SupervisionRegistry.class).supervisor("ops");
			ops.startChild(ChildSpec.service("job", (ctx) -> new Quiet()));
			ops.terminateChild("job");
			assertThat(ops.deleteChild("job").isOk()).isTrue();
			ops.terminateChild("a");
			assertThat(ops.deleteChild("a").isOk()).isTrue();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> meters.find("supervision.child.starts").tags("child", "a").meters().isEmpty());
			assertThat(meters.getMeters()).noneMatch((meter) -> "a".equals(meter.getId().getTag("child")));
			assertThat(meters.find("supervision.child.starts").tags("supervisor", "ops", "child", RUN_TIME).counter())
				.as("shared with other children started at run time").isNotNull();
			assertThat(meters.find("supervision.child.starts").tags("child", "pool").counter()).isNotNull();
		});
	}

	@Test
	void noTagValueIsEverEmptyAndRelatedMetersShareTheirTagKeys() {
		this.runner.run((context) -> {
			MeterRegistry meters = bind(context);
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			registry.supervisor("ops/pool").startDynamicChild("w", null);
			Crashable.crash("ops/a");
			await().atMost(Duration.ofSeconds(10)).until(() -> meters.get("supervision.child.restarts")
				.tags("child", "a")
				.counter()
				.count() == 1);
			assertThat(registry.restart("ops").isOk()).as("a root's own start too").isTrue();
			List<Meter> ours = meters.getMeters()
				.stream()
				.filter((meter) -> meter.getId().getName().startsWith("supervision."))
				.toList();
			assertThat(ours).isNotEmpty().allSatisfy((meter) -> assertThat(meter.getId().getTags())
				.allSatisfy((tag) -> assertThat(tag.getValue()).as(meter.getId().toString()).isNotBlank()));
			Set<Set<String>> childKeys = keySets(ours, "supervision.child.starts", "supervision.child.restarts",
					"supervision.restart.latency");
			assertThat(childKeys).containsExactly(Set.of("tree", "supervisor", "child", "type"));
			assertThat(keySets(ours, "supervision.child.exits"))
				.containsExactly(Set.of("tree", "supervisor", "child", "type", "reason"));
			assertThat(keySets(ours, "supervision.intensity.exceeded", "supervision.shutdown.duration"))
				.containsExactly(Set.of("tree", "supervisor"));
		});
	}

	private static MeterRegistry bind(AssertableApplicationContext context) {
		MeterRegistry meters = new SimpleMeterRegistry();
		context.getBean(SupervisionMetrics.class).bindTo(meters);
		return meters;
	}

	private static Set<String> childTagValues(MeterRegistry meters) {
		return meters.getMeters()
			.stream()
			.map((meter) -> meter.getId().getTag("child"))
			.filter((value) -> value != null)
			.collect(Collectors.toSet());
	}

	private static Set<Set<String>> keySets(List<Meter> meters, String... names) {
		Set<String> wanted = Set.of(names);
		Set<Set<String>> keys = new HashSet<>();
		for (Meter meter : meters) {
			if (wanted.contains(meter.getId().getName())) {
				keys.add(meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet()));
			}
		}
		return keys;
	}

	static final class Quiet implements Service {

		@Override
		public void start(ServiceContext context) {
		}

		@Override
		public void stop(ServiceContext context) {
		}

	}

}
