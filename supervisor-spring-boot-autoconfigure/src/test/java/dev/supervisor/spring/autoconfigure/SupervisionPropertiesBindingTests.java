package dev.supervisor.spring.autoconfigure;

import java.time.Duration;

import dev.supervisor.AutoShutdown;
import dev.supervisor.Backoff;
import dev.supervisor.ChildContext;
import dev.supervisor.ChildKind;
import dev.supervisor.ChildSpec;
import dev.supervisor.DynamicSupervisorSpec;
import dev.supervisor.RestartType;
import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.Shutdown;
import dev.supervisor.StaticSupervisorSpec;
import dev.supervisor.Strategy;
import dev.supervisor.Worker;
import dev.supervisor.spring.OnGiveUp;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.SupervisionSettings;
import dev.supervisor.spring.assembly.TreeDefinition;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.Lifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every option under {@code supervision.*}, bound from YAML and turned into the core's
 * specs.
 */
class SupervisionPropertiesBindingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SupervisionAutoConfiguration.class))
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withUserConfiguration(Beans.class)
		.withPropertyValues("spring.config.name=binding");

	@Test
	void rootSupervisorOptionsBind() {
		this.runner.run((context) -> {
			TreeDefinition ingest = context.getBean(SupervisionRegistry.class).definition("ingest").orElseThrow();
			assertThat(ingest.onGiveUp()).isEqualTo(OnGiveUp.SHUTDOWN_APPLICATION);
			assertThat(ingest.exitCode()).isEqualTo(3);
			assertThat(ingest.virtualThreads()).isFalse();
			StaticSupervisorSpec spec = (StaticSupervisorSpec) ingest.spec();
			assertThat(spec.strategy()).isEqualTo(Strategy.REST_FOR_ONE);
			assertThat(spec.intensity()).isEqualTo(5);
			assertThat(spec.period()).isEqualTo(Duration.ofSeconds(10));
			assertThat(spec.autoShutdown()).isEqualTo(AutoShutdown.ANY_SIGNIFICANT);
			assertThat(spec.children()).extracting(ChildSpec::id)
				.containsExactly("connection", "poller", "consumers", "buckets");
			assertThat(ingest.origins()).containsEntry("ingest/consumers/c1",
					"supervision.trees.ingest.children[2].children[0]");
		});
	}

	@Test
	void beanChildOptionsBind() {
		this.runner.run((context) -> {
			ChildSpec connection = child(context.getBean(SupervisionRegistry.class), 0);
			assertThat(connection.kind()).isEqualTo(ChildKind.SERVICE);
			assertThat(connection.restart()).isEqualTo(RestartType.PERMANENT);
			assertThat(connection.shutdown()).isEqualTo(Shutdown.timeout(Duration.ofSeconds(10)));
			assertThat(connection.backoff())
				.isEqualTo(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), 0.2, Duration.ofSeconds(60)));
			assertThat(connection.delayOnMaxIntensity()).isEqualTo(Duration.ofSeconds(2));
			assertThat(connection.significant()).isFalse();
		});
	}

	@Test
	void classChildOptionsBind() {
		this.runner.run((context) -> {
			ChildSpec poller = child(context.getBean(SupervisionRegistry.class), 1);
			assertThat(poller.kind()).isEqualTo(ChildKind.WORKER);
			assertThat(poller.restart()).isEqualTo(RestartType.TRANSIENT);
			assertThat(poller.significant()).isTrue();
			assertThat(poller.shutdown()).isEqualTo(Shutdown.BRUTAL_KILL);
			assertThat(poller.backoff()).isNull();
			assertThat(poller.delayOnMaxIntensity()).isNull();
		});
	}

	@Test
	void nestedSupervisorBindsWithChildrenAndDefaultShutdownInfinity() {
		this.runner.run((context) -> {
			ChildSpec consumers = child(context.getBean(SupervisionRegistry.class), 2);
			assertThat(consumers.kind()).isEqualTo(ChildKind.SUPERVISOR);
			assertThat(consumers.shutdown()).isEqualTo(Shutdown.INFINITY);
			StaticSupervisorSpec nested = (StaticSupervisorSpec) consumers.supervisor();
			assertThat(nested.strategy()).isEqualTo(Strategy.ONE_FOR_ALL);
			assertThat(nested.intensity()).isZero();
			assertThat(nested.period()).isEqualTo(Duration.ofSeconds(1));
			ChildSpec c1 = nested.children().get(0);
			assertThat(c1.kind()).isEqualTo(ChildKind.WORKER);
			assertThat(c1.restart()).isEqualTo(RestartType.INTRINSIC);
			assertThat(c1.shutdown()).isEqualTo(Shutdown.timeout(Duration.ofMillis(500)));
		});
	}

	@Test
	void dynamicSupervisorBindsWithMaxChildrenTemplateAndAutoShutdown() {
		this.runner.run((context) -> {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			ChildSpec buckets = child(registry, 3);
			assertThat(buckets.kind()).isEqualTo(ChildKind.DYNAMIC_SUPERVISOR);
			DynamicSupervisorSpec dynamic = (DynamicSupervisorSpec) buckets.supervisor();
			assertThat(dynamic.maxChildren()).isEqualTo(10000);
			assertThat(dynamic.intensity()).isEqualTo(7);
			assertThat(dynamic.template().kind()).isEqualTo(ChildKind.SERVICE);
			assertThat(dynamic.template().restart()).isEqualTo(RestartType.TEMPORARY);
			assertThat(dynamic.template().shutdown()).isEqualTo(Shutdown.INFINITY);
			// OTP auto_shutdown applies to simple_one_for_one too: a significant template is valid.
			assertThat(dynamic.autoShutdown()).isEqualTo(AutoShutdown.ALL_SIGNIFICANT);
			assertThat(dynamic.template().significant()).isTrue();
			StaticSupervisorSpec running = (StaticSupervisorSpec) registry.tree("ingest").orElseThrow().spec();
			assertThat(running.children().get(3).supervisor().autoShutdown()).as("the running tree's spec keeps it")
				.isEqualTo(AutoShutdown.ALL_SIGNIFICANT);
			DynamicSupervisorSpec pool = (DynamicSupervisorSpec) registry.definition("pool").orElseThrow().spec();
			assertThat(pool.maxChildren()).isEqualTo(Integer.MAX_VALUE);
			assertThat(registry.supervisor("ingest/buckets").startDynamicChild("b1", null).isOk()).isTrue();
		});
	}

	@Test
	void lifecycleAndHandleOptionsBind() {
		this.runner.run((context) -> {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			assertThat(registry.phase("ingest")).contains(999);
			assertThat(registry.phase("pool")).contains(1000);
			SupervisionSettings settings = new SupervisionPropertiesMapper(context.getBean(SupervisionProperties.class),
					context.getEnvironment())
				.settings(context.getEnvironment());
			assertThat(settings.handleWaitTimeout()).isEqualTo(Duration.ofSeconds(2));
			assertThat(settings.handleMaxWaiting()).isEqualTo(7);
			assertThat(settings.enforceShutdownBudget()).isFalse();
			assertThat(settings.shutdownPhaseTimeout()).isEqualTo(Duration.ofSeconds(30));
		});
	}

	private static ChildSpec child(SupervisionRegistry registry, int index) {
		return ((StaticSupervisorSpec) registry.definition("ingest").orElseThrow().spec()).children().get(index);
	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		@Scope("prototype")
		Service connection() {
			return new Service() {

				@Override
				public void start(ServiceContext context) {
				}

				@Override
				public void stop(ServiceContext context) {
				}

			};
		}

		@Bean
		@Scope("prototype")
		Runnable consumer() {
			return Idle.untilInterrupted();
		}

		@Bean
		@Scope("prototype")
		Lifecycle bucket() {
			return new Idle.Flag();
		}

	}

	public static class Poller implements Worker {

		@Override
		public void run(ChildContext context) throws InterruptedException {
			new java.util.concurrent.CountDownLatch(1).await();
		}

	}

}
