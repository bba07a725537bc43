package dev.supervisor.spring.amqp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.supervisor.ChildState;
import dev.supervisor.ExitReason;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.SupervisionEvent.Type;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.autoconfigure.Events;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import dev.supervisor.spring.autoconfigure.amqp.SupervisionRabbitAutoConfiguration;
import dev.supervisor.spring.event.SupervisionApplicationEvent;
import dev.supervisor.spring.listener.ListenerApplications;
import dev.supervisor.spring.listener.ListenerContainerFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.annotation.EnableRabbit;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

import static dev.supervisor.spring.listener.ListenerApplications.awaitNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring AMQP listener containers supervised as {@code rabbit-listener:} children, against
 * a real RabbitMQ broker started for this class: the take-over from Spring, fatal consumer
 * failures as crashes, failures the container recovers from as nothing, the graceful stop,
 * and consumers of facts that must stay down.
 */
class RabbitListenerChildrenIntegrationTests {

	private static final String CHILD = "supervision.trees.facts.children[0]";

	private static RabbitTestBroker broker;

	@BeforeAll
	static void startBroker() throws Exception {
		ListenerApplications.quietLogging();
		broker = RabbitTestBroker.start();
	}

	@AfterAll
	static void stopBroker() {
		if (broker != null) {
			broker.close();
		}
	}

	private ConfigurableApplicationContext run(String queue, String... properties) throws Exception {
		broker.declareQueue(queue);
		broker.declareQueue(queue + "-audit");
		List<String> all = new ArrayList<>(List.of("test.rabbitmq.port=" + broker.port(), "test.queue=" + queue));
		all.addAll(List.of(properties));
		return ListenerApplications.run(App.class, all.toArray(String[]::new));
	}

	private static String queue(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void containerIsTakenOverFromTheRegistryAndOnlyItsTreeStartsAndStopsIt() throws Exception {
		String queue = queue("take-over");
		ConfigurableApplicationContext context = run(queue, CHILD + ".id=ledger", CHILD + ".rabbit-listener=ledger");
		Events events;
		try {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			events = context.getBean(Events.class);
			assertThat(context.getBean(RabbitListenerEndpointRegistry.class).getListenerContainerIds())
				.doesNotContain("ledger");
			SimpleMessageListenerContainer container = container(registry, "facts/ledger");
			assertThat(container.isRunning()).isTrue();
			assertThat(container.isAutoStartup()).isFalse();
			broker.send(queue, "1");
			context.getBean(Facts.class).await("1");
		}
		finally {
			context.close();
		}
		assertThat(events.of(Type.STARTED, "facts/ledger")).hasSize(1);
		assertThat(events.of(Type.EXITED, "facts/ledger")).isEmpty();
		assertThat(events.of(Type.STOPPED, "facts/ledger")).singleElement()
			.satisfies((event) -> assertThat(event.getReason().kind()).isEqualTo(ExitReason.Kind.SHUTDOWN));
	}

	@Test
	void deletedQueueWithMissingQueuesFatalIsACrashAndRestartsWaitForTheQueue() throws Exception {
		String queue = queue("deleted");
		try (ConfigurableApplicationContext context = run(queue, CHILD + ".id=ledger",
				CHILD + ".rabbit-listener=ledger", CHILD + ".backoff.initial=200ms", CHILD + ".backoff.max=200ms",
				"supervision.trees.facts.intensity=100", "supervision.trees.facts.period=1m")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			Events events = context.getBean(Events.class);
			Facts facts = context.getBean(Facts.class);
			broker.send(queue, "1");
			facts.await("1");
			broker.deleteQueue(queue);
			Exit exit = new Exit(events.awaitEvent(Type.EXITED, "facts/ledger"));
			assertThat(exit.error()).isInstanceOf(ListenerContainerFailedException.class)
				.hasMessageContaining("Rabbit listener container 'ledger' stopped: FATAL")
				.hasMessageContaining("queue");
			// While the queue is missing, each restart fails to start: the child is restarting.
			events.awaitEvent(Type.START_FAILED, "facts/ledger");
			broker.declareQueue(queue);
			NodeSnapshot node = awaitNode(registry, "facts/ledger", (n) -> n.state() == ChildState.RUNNING);
			assertThat(node.lastExit().reason()).isEqualTo(ExitReason.Kind.CRASHED);
			assertThat(node.lastExit().message()).contains("FATAL");
			broker.send(queue, "2");
			facts.await("2");
		}
	}

	@Test
	void listenerExceptionTheContainerRecoversFromIsNoCrash() throws Exception {
		String queue = queue("flaky");
		try (ConfigurableApplicationContext context = run(queue, CHILD + ".id=ledger",
				CHILD + ".rabbit-listener=ledger")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			Facts facts = context.getBean(Facts.class);
			broker.send(queue, "flaky", "2");
			// Thrown once, requeued, delivered again.
			facts.await("flaky");
			facts.await("2");
			NodeSnapshot node = registry.find("facts/ledger").orElseThrow();
			assertThat(node.incarnation()).isEqualTo(1);
			assertThat(node.lastExit()).isNull();
		}
	}

	@Test
	void brokerRestartIsNoCrash() throws Exception {
		String queue = queue("restart");
		try (ConfigurableApplicationContext context = run(queue, CHILD + ".id=ledger",
				CHILD + ".rabbit-listener=ledger")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			Facts facts = context.getBean(Facts.class);
			broker.send(queue, "1");
			facts.await("1");
			broker.stopBroker();
			try {
				// The container reconnects by itself while the broker is gone: not a signal.
				await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> {
					NodeSnapshot node = registry.find("facts/ledger").orElseThrow();
					return node.incarnation() == 1 && node.state() == ChildState.RUNNING;
				});
			}
			finally {
				broker.startBroker();
			}
			broker.send(queue, "2");
			facts.await("2");
			NodeSnapshot node = registry.find("facts/ledger").orElseThrow();
			assertThat(node.incarnation()).isEqualTo(1);
			assertThat(node.lastExit()).isNull();
		}
	}

	@Test
	void shutdownLetsTheMessageInFlightFinishAndAcknowledgesIt() throws Exception {
		String queue = queue("in-flight");
		ConfigurableApplicationContext context = run(queue, CHILD + ".id=ledger", CHILD + ".rabbit-listener=ledger",
				CHILD + ".shutdown=20s");
		SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
		Facts facts = context.getBean(Facts.class);
		broker.send(queue, "slow");
		facts.awaitBlocked();
		CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
		awaitNode(registry, "facts/ledger", (n) -> n.state() == ChildState.STOPPING);
		assertThat(closed).isNotDone();
		facts.unblock();
		closed.get(30, TimeUnit.SECONDS);
		assertThat(facts.handled()).containsExactly("slow");
		// Its supervisor waited for it: the child stopped only once the message was handled.
		assertThat(facts.timeline()).containsExactly("handled slow", "stopped facts/ledger");
		assertThat(broker.messageCount(queue)).as("messages left in the queue").isZero();
	}

	@Test
	void poisonFactStopsTheTemporaryConsumerGroupWhichStaysDownUntilAnOperatorRestartsIt() throws Exception {
		String queue = queue("facts");
		String group = "supervision.trees.facts.children[0]";
		try (ConfigurableApplicationContext context = run(queue, "supervision.trees.facts.intensity=0",
				group + ".id=consumers", group + ".auto-shutdown=any-significant",
				group + ".children[0].id=ledger", group + ".children[0].rabbit-listener=ledger",
				group + ".children[0].restart=temporary", group + ".children[0].significant=true",
				group + ".children[1].id=audit", group + ".children[1].rabbit-listener=audit",
				group + ".children[1].restart=temporary", group + ".children[1].significant=true")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			Events events = context.getBean(Events.class);
			Facts facts = context.getBean(Facts.class);
			broker.send(queue, "1", "poison", "3");
			events.awaitEvent(Type.GAVE_UP, "facts");
			Exit exit = new Exit(events.awaitEvent(Type.EXITED, "facts/consumers/ledger"));
			assertThat(exit.error()).isInstanceOf(ListenerContainerFailedException.class)
				.hasMessageContaining("FATAL")
				.hasRootCauseInstanceOf(MessageConversionException.class);
			// Down, and staying down: nothing restarts the group by itself; the poison fact
			// and the facts after it are still in the queue, none skipped.
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
				.until(() -> registry.tree("facts").orElseThrow().state() == ChildState.FAILED);
			assertThat(facts.handled()).doesNotContain("3");
			assertThat(broker.messageCount(queue)).isEqualTo(2);
			// The operator drops the poison fact and restarts the tree.
			assertThat(broker.take(queue)).isEqualTo("poison");
			assertThat(registry.restart("facts").isOk()).isTrue();
			facts.await("3");
			assertThat(registry.find("facts/consumers/ledger").orElseThrow().state()).isEqualTo(ChildState.RUNNING);
			assertThat(registry.find("facts/consumers/audit").orElseThrow().state()).isEqualTo(ChildState.RUNNING);
		}
	}

	private static SimpleMessageListenerContainer container(SupervisionRegistry registry, String path) {
		return registry.handle(path, SimpleMessageListenerContainer.class).call((container) -> container);
	}

	/** The crash an exit event carries. */
	private record Exit(SupervisionApplicationEvent event) {

		Throwable error() {
			return this.event.getReason().error();
		}

	}

	/**
	 * The facts handled. A fact that is not a number cannot be read: the listener throws a
	 * conversion failure, which Spring AMQP treats as fatal. "flaky" fails once with an
	 * ordinary exception, and "slow" waits until the test lets it finish.
	 */
	static class Facts {

		private final List<String> handled = new CopyOnWriteArrayList<>();

		private final List<String> timeline = new CopyOnWriteArrayList<>();

		private final AtomicBoolean flakyFailed = new AtomicBoolean();

		private final CountDownLatch blocked = new CountDownLatch(1);

		private final CountDownLatch unblocked = new CountDownLatch(1);

		@RabbitListener(id = "ledger", queues = "${test.queue}")
		void ledger(String fact) throws InterruptedException {
			if (fact.equals("flaky") && this.flakyFailed.compareAndSet(false, true)) {
				throw new IllegalStateException("flaky, once");
			}
			if (fact.equals("slow")) {
				this.blocked.countDown();
				this.unblocked.await(30, TimeUnit.SECONDS);
			}
			else if (!fact.matches("\\d+") && !fact.equals("flaky")) {
				throw new MessageConversionException("not a fact: '" + fact + "'");
			}
			this.handled.add(fact);
			this.timeline.add("handled " + fact);
		}

		@EventListener
		void supervision(SupervisionApplicationEvent event) {
			if (event.getType() == Type.STOPPED) {
				this.timeline.add("stopped " + event.getPath());
			}
		}

		@RabbitListener(id = "audit", queues = "${test.queue}-audit")
		void audit(String fact) {
		}

		void await(String fact) {
			org.awaitility.Awaitility.await("fact " + fact).atMost(Duration.ofSeconds(30))
				.until(() -> this.handled.contains(fact));
		}

		void awaitBlocked() throws InterruptedException {
			assertThat(this.blocked.await(30, TimeUnit.SECONDS)).as("a message in flight").isTrue();
		}

		void unblock() {
			this.unblocked.countDown();
		}

		List<String> handled() {
			return this.handled;
		}

		List<String> timeline() {
			return this.timeline;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableRabbit
	@ImportAutoConfiguration({ SupervisionAutoConfiguration.class, SupervisionRabbitAutoConfiguration.class })
	static class App {

		@Bean
		Events events() {
			return new Events();
		}

		@Bean
		Facts facts() {
			return new Facts();
		}

		@Bean
		CachingConnectionFactory connectionFactory(Environment environment) {
			return new CachingConnectionFactory("127.0.0.1",
					environment.getRequiredProperty("test.rabbitmq.port", Integer.class));
		}

		/**
		 * Containers for consumers of facts that may not skip one: the error handler logs and
		 * does not reject (the default one drops a message that cannot be converted), so a
		 * fatal failure leaves the message in the queue and stops the container. Missing
		 * queues are fatal, noticed after one quick retry; a lost connection is retried every
		 * 500ms.
		 */
		@Bean
		SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(ConnectionFactory connectionFactory) {
			SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
			factory.setConnectionFactory(connectionFactory);
			factory.setMissingQueuesFatal(true);
			factory.setErrorHandler((ex) -> org.apache.commons.logging.LogFactory.getLog(Facts.class)
				.warn("Fact not handled: " + ex.getMessage()));
			factory.setContainerCustomizer((container) -> {
				container.setDeclarationRetries(1);
				container.setFailedDeclarationRetryInterval(100);
				container.setRecoveryInterval(500);
			});
			return factory;
		}

	}

}
