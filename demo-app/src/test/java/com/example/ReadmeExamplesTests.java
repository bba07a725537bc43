package com.example;

import java.time.Duration;

import dev.supervisor.ChildState;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import dev.supervisor.spring.autoconfigure.kafka.SupervisionKafkaAutoConfiguration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The README's examples do what the README says: its YAML and its beans, as
 * {@link ReadmeSnippetsTests} checks they are written there, make running trees.
 */
class ReadmeExamplesTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SupervisionAutoConfiguration.class))
		.withInitializer(new ConfigDataApplicationContextInitializer());

	@Test
	void jobsTreeRunsThePollerAndTheControllerReachesItThroughAHandle() {
		this.runner.withPropertyValues("spring.config.location=classpath:com/example/jobs.yml")
			.withUserConfiguration(JobsConfiguration.class, OrderRepository.class, OrdersController.class)
			.run((context) -> {
				SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
				NodeSnapshot poller = registry.find("jobs/poller").orElseThrow();
				assertThat(poller.state()).isEqualTo(ChildState.RUNNING);
				assertThat(poller.shutdown()).hasToString("10s");
				await().atMost(TIMEOUT).until(() -> context.getBean(OrderRepository.class).processed.get() > 0);
				assertThat(context.getBean(OrdersController.class).pending()).isZero();
				registry.supervisor("jobs").restartChild("poller");
				assertThat(context.getBean(OrdersController.class).pending()).isZero();
			});
	}

	@Test
	void dynamicChildStartedFromABeanReceivesItsArgument() {
		this.runner.withPropertyValues("spring.config.location=classpath:com/example/tenants.yml")
			.withUserConfiguration(Tenants.class, TenantWorker.class)
			.run((context) -> {
				Tenants tenants = context.getBean(Tenants.class);
				TenantSettings settings = new TenantSettings(50);
				assertThat(tenants.open("acme", settings)).isTrue();
				assertThat(tenants.open("acme", settings)).isFalse();
				await().atMost(TIMEOUT).until(() -> settings.synced().contains("tenants/acme"));
				assertThat(tenants.close("acme")).isTrue();
				assertThat(context.getBean(SupervisionRegistry.class).find("tenants/acme")).isEmpty();
			});
	}

	@Test
	void dynamicStartThatIsRefusedBecomesAnException() {
		this.runner
			.withPropertyValues("spring.config.location=classpath:com/example/tenants.yml",
					"supervision.trees.tenants.max-children=1")
			.withUserConfiguration(Tenants.class, TenantWorker.class)
			.run((context) -> {
				Tenants tenants = context.getBean(Tenants.class);
				assertThat(tenants.open("acme", new TenantSettings(50))).isTrue();
				assertThatIllegalStateException().isThrownBy(() -> tenants.open("globex", new TenantSettings(50)))
					.withMessageStartingWith("Tenant 'globex' not started: MAX_CHILDREN");
			});
	}

	@Test
	void singletonSmartLifecycleChildIsStartedByItsSupervisorOnly() {
		this.runner.withPropertyValues("spring.config.location=classpath:com/example/cache.yml")
			.withUserConfiguration(CacheWarmer.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(CacheWarmer.class).isRunning()).isTrue();
				assertThat(context.getBean(SupervisionRegistry.class).find("cache/warmer").orElseThrow().state())
					.isEqualTo(ChildState.RUNNING);
			});
	}

	@Test
	void exitHandlerGetsTheExitCodeOfATreeThatGaveUp() {
		this.runner
			.withPropertyValues("spring.config.location=classpath:com/example/cache.yml",
					"supervision.trees.cache.intensity=0", "supervision.trees.cache.on-give-up=shutdown-application",
					"supervision.trees.cache.exit-code=3")
			.withUserConfiguration(CacheWarmer.class, ExitHandlerConfiguration.class)
			.run((context) -> {
				// The warmer stops behind its supervisor's back: the liveness check sees a crash.
				context.getBean(CacheWarmer.class).stop();
				ExitHandlerConfiguration exit = context.getBean(ExitHandlerConfiguration.class);
				await().atMost(TIMEOUT).until(() -> exit.exitCode.get() == 3);
			});
	}

	@Test
	void kafkaListenerIsAChildTakenOverFromTheRegistryAndStartedByItsTree() {
		// No broker is needed to start a container: its consumer connects in the background.
		this.runner
			.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
					SupervisionKafkaAutoConfiguration.class))
			.withPropertyValues("spring.config.location=classpath:com/example/orders.yml",
					"spring.kafka.bootstrap-servers=127.0.0.1:1", "logging.level.org.apache.kafka=off")
			.withUserConfiguration(PaymentListener.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
				NodeSnapshot payments = registry.find("orders/payments").orElseThrow();
				assertThat(payments.state()).isEqualTo(ChildState.RUNNING);
				assertThat(payments.shutdown()).hasToString("10s");
				assertThat(context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("payments"))
					.isNull();
				assertThat(registry.handle("orders/payments", MessageListenerContainer.class)
					.call(MessageListenerContainer::isRunning)).isTrue();
			});
	}

	@Test
	void plainJavaTreeStartsADynamicChildAndStops() {
		NodeSnapshot snapshot = PlainJavaTree.run(new OrderRepository());
		assertThat(snapshot.state()).isEqualTo(ChildState.RUNNING);
		assertThat(snapshot.find("buckets/b-1")).isNotNull();
	}

}
