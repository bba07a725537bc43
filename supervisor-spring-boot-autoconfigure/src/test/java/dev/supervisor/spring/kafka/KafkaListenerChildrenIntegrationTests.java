package dev.supervisor.spring.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
import dev.supervisor.spring.autoconfigure.kafka.SupervisionKafkaAutoConfiguration;
import dev.supervisor.spring.event.SupervisionApplicationEvent;
import dev.supervisor.spring.listener.ListenerApplications;
import dev.supervisor.spring.listener.ListenerContainerFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.event.ConsumerFailedToStartEvent;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.CommonContainerStoppingErrorHandler;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;

import static dev.supervisor.spring.listener.ListenerApplications.awaitNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Kafka listener containers supervised as {@code kafka-listener:} children, against
 * a real broker in this JVM: the take-over from Spring, each failure signal of the
 * container as a crash with its reason, restarts as fresh container starts under the
 * tree's rules, and the graceful stop.
 */
class KafkaListenerChildrenIntegrationTests {

	private static final String CHILD = "supervision.trees.orders.children[0]";

	private static final String SECOND = "supervision.trees.orders.children[1]";

	private static KafkaTestBroker broker;

	@BeforeAll
	static void startBroker() {
		// An authorizer that allows everything without an ACL, so one test can deny a group.
		broker = KafkaTestBroker.start(Map.of("authorizer.class.name",
				"org.apache.kafka.metadata.authorizer.StandardAuthorizer", "allow.everyone.if.no.acl.found", "true",
				"broker.session.timeout.ms", "3000", "broker.heartbeat.interval.ms", "500"));
	}

	@AfterAll
	static void stopBroker() {
		broker.close();
	}

	private ConfigurableApplicationContext run(Class<?> configuration, String topic, String... properties) {
		broker.createTopics(topic);
		List<String> all = new java.util.ArrayList<>(List.of("spring.kafka.bootstrap-servers=" + broker.brokers(),
				"spring.kafka.consumer.auto-offset-reset=earliest", "test.topic=" + topic,
				"spring.kafka.consumer.properties.heartbeat.interval.ms=200",
				"spring.kafka.consumer.properties.reconnect.backoff.max.ms=500"));
		all.addAll(List.of(properties));
		return ListenerApplications.run(configuration, all.toArray(String[]::new));
	}

	private static String topic(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void containerIsTakenOverFromTheRegistryAndOnlyItsTreeStartsAndStopsIt() {
		String topic = topic("take-over");
		ConfigurableApplicationContext context = run(TwoListeners.class, topic, CHILD + ".id=a",
				CHILD + ".kafka-listener=first", SECOND + ".id=b", SECOND + ".kafka-listener=second");
		Events events;
		try {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			KafkaListenerEndpointRegistry endpoints = context.getBean(KafkaListenerEndpointRegistry.class);
			events = context.getBean(Events.class);
			assertThat(endpoints.getListenerContainerIds()).doesNotContain("first", "second");
			assertThat(endpoints.isRunning()).isTrue();
			MessageListenerContainer first = container(registry, "orders/a");
			assertThat(first.isRunning()).isTrue();
			assertThat(first.isAutoStartup()).isFalse();
			assertThat(events.of(Type.STARTED, "orders/a")).hasSize(1);
		}
		finally {
			context.close();
		}
		// The registry (a higher lifecycle phase) stopped nothing of the tree's: no normal
		// exit and restart during shutdown; the tree stopped b, then a.
		assertThat(events.of(Type.STARTED, "orders/a")).hasSize(1);
		assertThat(events.of(Type.STARTED, "orders/b")).hasSize(1);
		assertThat(events.of(Type.EXITED, "orders/a")).isEmpty();
		List<String> stopped = events.all()
			.stream()
			.filter((event) -> event.getType() == Type.STOPPED)
			.map(SupervisionApplicationEvent::getPath)
			.toList();
		assertThat(stopped).containsExactly("orders/b", "orders/a");
	}

	@Test
	void containerBeanIsTakenOverFromSpringsLifecycleAndOnlyItsTreeStartsAndStopsIt() {
		String topic = topic("bean");
		ConfigurableApplicationContext context = run(ContainerBean.class, topic, CHILD + ".id=a",
				CHILD + ".kafka-listener=beanContainer");
		Events events;
		try {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			events = context.getBean(Events.class);
			ConcurrentMessageListenerContainer<?, ?> container = context.getBean("beanContainer",
					ConcurrentMessageListenerContainer.class);
			assertThat(container(registry, "orders/a")).isSameAs(container);
			assertThat(container.isRunning()).isTrue();
			assertThat(container.isAutoStartup()).isFalse();
		}
		finally {
			context.close();
		}
		assertThat(events.of(Type.STARTED, "orders/a")).hasSize(1);
		assertThat(events.of(Type.EXITED, "orders/a")).isEmpty();
		assertThat(events.of(Type.STOPPED, "orders/a")).singleElement()
			.satisfies((event) -> assertThat(event.getReason().kind()).isEqualTo(ExitReason.Kind.SHUTDOWN));
	}

	@Test
	void errorThrownByTheListenerIsACrashWithReasonErrorAndTheRestartIsAFreshContainerStart() throws Exception {
		String topic = topic("error");
		try (ConfigurableApplicationContext context = run(FailingListener.class, topic, CHILD + ".id=payments",
				CHILD + ".kafka-listener=payments", "test.fail=error")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			Received received = context.getBean(Received.class);
			broker.send(topic, "a");
			received.await("a");
			broker.send(topic, "poison");
			NodeSnapshot node = awaitNode(registry, "orders/payments",
					(n) -> n.incarnation() == 2 && n.state() == ChildState.RUNNING);
			assertCrashed(node, "ERROR");
			assertThat(node.restartCount()).isEqualTo(1);
			// A fresh start: new consumers, from the last committed offset: the record that
			// crashed the first run is delivered again.
			received.await("poison");
			broker.send(topic, "b");
			received.await("b");
			assertThat(received.consumerThreads()).hasSize(2);
		}
	}

	@Test
	void missingOffsetIsACrashWithReasonNoOffsetAndRepeatedCrashesMakeTheTreeGiveUp() {
		String topic = topic("no-offset");
		try (ConfigurableApplicationContext context = run(FailingListener.class, topic, CHILD + ".id=payments",
				CHILD + ".kafka-listener=payments", "supervision.trees.orders.intensity=1",
				"test.listener-properties=auto.offset.reset=none")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			Events events = context.getBean(Events.class);
			events.awaitEvent(Type.GAVE_UP, "orders");
			assertThat(registry.tree("orders").orElseThrow().state()).isEqualTo(ChildState.FAILED);
			List<SupervisionApplicationEvent> exits = events.of(Type.EXITED, "orders/payments");
			assertThat(exits).hasSize(2).allSatisfy((exit) -> {
				assertThat(exit.getReason().error()).isInstanceOf(ListenerContainerFailedException.class)
					.hasMessageContaining("NO_OFFSET");
			});
		}
	}

	@Test
	void containerStoppedAbnormallyByItsErrorHandlerIsACrashRestartedAfterItsBackoff() throws Exception {
		String topic = topic("abnormal");
		try (ConfigurableApplicationContext context = run(StoppingErrorHandler.class, topic,
				CHILD + ".id=payments", CHILD + ".kafka-listener=payments", CHILD + ".backoff.initial=400ms",
				"test.fail=exception")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			Events events = context.getBean(Events.class);
			Received received = context.getBean(Received.class);
			broker.send(topic, "poison", "after");
			NodeSnapshot node = awaitNode(registry, "orders/payments",
					(n) -> n.incarnation() == 2 && n.state() == ChildState.RUNNING);
			assertCrashed(node, "ABNORMAL");
			SupervisionApplicationEvent scheduled = events.awaitEvent(Type.RESTART_SCHEDULED, "orders/payments");
			assertThat(scheduled.getEvent().duration()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
			// The second run gets the poison record again (it was not committed), and the next.
			received.await("poison");
			received.await("after");
		}
	}

	@Test
	void fencedStaticMemberIsACrashWithReasonFenced() throws Exception {
		String topic = topic("fenced");
		String instance = "member-" + topic;
		try (ConfigurableApplicationContext context = run(FailingListener.class, topic, CHILD + ".id=payments",
				CHILD + ".kafka-listener=payments", "test.listener-properties=group.instance.id=" + instance)) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			Received received = context.getBean(Received.class);
			broker.send(topic, "a");
			received.await("a");
			// Another consumer joins with the same static member id (Spring Kafka suffixes the
			// container's with its consumer's index): the container's consumer is fenced.
			try (KafkaConsumer<String, String> intruder = new KafkaConsumer<>(
					Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.brokers(), ConsumerConfig.GROUP_ID_CONFIG,
							topic, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance + "-0"),
					new StringDeserializer(), new StringDeserializer())) {
				intruder.subscribe(List.of(topic));
				await().atMost(Duration.ofSeconds(30)).until(() -> {
					intruder.poll(Duration.ofMillis(100));
					return !intruder.assignment().isEmpty();
				});
				NodeSnapshot node = awaitNode(registry, "orders/payments", (n) -> n.incarnation() >= 2);
				assertCrashed(node, "FENCED");
			}
		}
	}

	@Test
	void authorizationFailureIsACrashWithReasonAuth() throws Exception {
		String topic = topic("denied");
		broker.admin((admin) -> admin
			.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.GROUP, topic, PatternType.LITERAL),
					new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.ALL, AclPermissionType.DENY))))
			.all()
			.get(30, TimeUnit.SECONDS));
		try (ConfigurableApplicationContext context = run(FailingListener.class, topic, CHILD + ".id=payments",
				CHILD + ".kafka-listener=payments", CHILD + ".restart=transient", "supervision.trees.orders.intensity=0",
				"supervision.trees.orders.on-give-up=stay-down")) {
			Events events = context.getBean(Events.class);
			SupervisionApplicationEvent exit = events.awaitEvent(Type.EXITED, "orders/payments");
			assertThat(exit.getReason().error()).isInstanceOf(ListenerContainerFailedException.class)
				.hasMessageContaining("AUTH");
		}
	}

	@Test
	void consumerThatFailsToStartIsACrashReportedOnceItsConsumerIsDone() throws Exception {
		String topic = topic("slow-start");
		try (ConfigurableApplicationContext context = run(SlowStart.class, topic, CHILD + ".id=payments",
				CHILD + ".kafka-listener=payments", "test.factory=slowStartFactory")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			Received received = context.getBean(Received.class);
			NodeSnapshot node = awaitNode(registry, "orders/payments",
					(n) -> n.incarnation() == 2 && n.state() == ChildState.RUNNING);
			assertCrashed(node, "FAILED_TO_START");
			broker.send(topic, "a");
			received.await("a");
		}
	}

	@Test
	void containerStoppedByAnotherHandWithoutFailureIsANormalExit() throws Exception {
		String topic = topic("normal");
		try (ConfigurableApplicationContext context = run(FailingListener.class, topic, CHILD + ".id=payments",
				CHILD + ".kafka-listener=payments", CHILD + ".restart=transient")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			Received received = context.getBean(Received.class);
			broker.send(topic, "a");
			received.await("a");
			container(registry, "orders/payments").stop();
			NodeSnapshot node = awaitNode(registry, "orders/payments", (n) -> n.state() == ChildState.STOPPED);
			assertThat(node.lastExit().reason()).isEqualTo(ExitReason.Kind.NORMAL);
			assertThat(node.incarnation()).isEqualTo(1);
		}
	}

	@Test
	void operatorRestartIsAFreshContainerStartNotACrash() throws Exception {
		String topic = topic("operator");
		try (ConfigurableApplicationContext context = run(FailingListener.class, topic, CHILD + ".id=payments",
				CHILD + ".kafka-listener=payments")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			Received received = context.getBean(Received.class);
			broker.send(topic, "a");
			received.await("a");
			assertThat(registry.supervisor("orders").forceRestartChild("payments").isOk()).isTrue();
			NodeSnapshot node = awaitNode(registry, "orders/payments",
					(n) -> n.incarnation() == 2 && n.state() == ChildState.RUNNING);
			assertThat(node.lastExit().reason()).isEqualTo(ExitReason.Kind.SHUTDOWN);
			assertThat(node.restartCount()).isZero();
			broker.send(topic, "b");
			received.await("b");
			assertThat(received.values()).containsOnlyOnce("a");
		}
	}

	@Test
	void shutdownLetsTheRecordInFlightFinishAndCommitsTheOffsetsOfProcessedRecords() throws Exception {
		String topic = topic("in-flight");
		ConfigurableApplicationContext context = run(FailingListener.class, topic, CHILD + ".id=payments",
				CHILD + ".kafka-listener=payments", CHILD + ".shutdown=20s", "test.block=slow");
		Received received = context.getBean(Received.class);
		SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
		broker.send(topic, "a", "slow");
		received.awaitBlocked();
		CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
		awaitNode(registry, "orders/payments", (n) -> n.state() == ChildState.STOPPING);
		assertThat(closed).isNotDone();
		received.unblock();
		closed.get(30, TimeUnit.SECONDS);
		assertThat(received.values()).containsExactly("a", "slow");
		assertThat(received.finished()).containsExactly("a", "slow");
		assertThat(broker.committedOffset(topic, topic)).isEqualTo(2);
	}

	@Test
	void brokerThatStopsAndComesBackIsNoCrash() throws Exception {
		String topic = topic("outage");
		try (ConfigurableApplicationContext context = run(FailingListener.class, topic, CHILD + ".id=payments",
				CHILD + ".kafka-listener=payments")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			Received received = context.getBean(Received.class);
			broker.send(topic, "before");
			received.await("before");
			broker.stopBroker();
			try {
				// The consumer retries by itself while the broker is gone: not a signal.
				await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> {
					NodeSnapshot node = registry.find("orders/payments").orElseThrow();
					return node.incarnation() == 1 && node.state() == ChildState.RUNNING;
				});
			}
			finally {
				broker.startBroker();
			}
			broker.send(topic, "after");
			received.await("after");
			NodeSnapshot node = registry.find("orders/payments").orElseThrow();
			assertThat(node.incarnation()).isEqualTo(1);
			assertThat(node.lastExit()).isNull();
		}
	}

	private static MessageListenerContainer container(SupervisionRegistry registry, String path) {
		return registry.handle(path, MessageListenerContainer.class).call((container) -> container);
	}

	private static void assertCrashed(NodeSnapshot node, String reason) {
		assertThat(node.lastExit()).isNotNull();
		assertThat(node.lastExit().reason()).isEqualTo(ExitReason.Kind.CRASHED);
		assertThat(node.lastExit().exceptionClass()).isEqualTo(ListenerContainerFailedException.class.getName());
		assertThat(node.lastExit().message()).contains("Kafka listener container 'payments' stopped: " + reason);
	}

	/** What the listeners received, and on which threads. */
	static class Received {

		private final List<String> values = new CopyOnWriteArrayList<>();

		private final List<String> finished = new CopyOnWriteArrayList<>();

		private final Set<String> threads = ConcurrentHashMap.newKeySet();

		private final CountDownLatch blocked = new CountDownLatch(1);

		private final CountDownLatch unblocked = new CountDownLatch(1);

		void received(String value) {
			this.values.add(value);
			this.threads.add(Thread.currentThread().getName() + "@" + System.identityHashCode(Thread.currentThread()));
		}

		void finished(String value) {
			this.finished.add(value);
		}

		void block() throws InterruptedException {
			this.blocked.countDown();
			this.unblocked.await(30, TimeUnit.SECONDS);
		}

		void await(String value) {
			org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> this.values.contains(value));
		}

		void awaitBlocked() throws InterruptedException {
			assertThat(this.blocked.await(30, TimeUnit.SECONDS)).as("a record in flight").isTrue();
		}

		void unblock() {
			this.unblocked.countDown();
		}

		List<String> values() {
			return this.values;
		}

		List<String> finished() {
			return this.finished;
		}

		Set<String> consumerThreads() {
			return this.threads;
		}

	}

	/**
	 * A listener that fails on its first "poison" record ({@code test.fail}: {@code error}
	 * throws an Error, {@code exception} a RuntimeException) and blocks on the record named by
	 * {@code test.block}.
	 */
	static class TestListener {

		private final Received received;

		private final String fail;

		private final String block;

		private final AtomicBoolean failed = new AtomicBoolean();

		TestListener(Received received, String fail, String block) {
			this.received = received;
			this.fail = fail;
			this.block = block;
		}

		@KafkaListener(id = "payments", topics = "${test.topic}", groupId = "${test.topic}",
				properties = "${test.listener-properties:}",
				containerFactory = "${test.factory:kafkaListenerContainerFactory}")
		void onRecord(String value) throws InterruptedException {
			this.received.received(value);
			if (value.equals("poison") && this.failed.compareAndSet(false, true)) {
				if (this.fail.equals("error")) {
					throw new ListenerError("poison record");
				}
				if (this.fail.equals("exception")) {
					throw new IllegalStateException("poison record");
				}
			}
			if (value.equals(this.block)) {
				this.received.block();
			}
			this.received.finished(value);
		}

	}

	/** What a listener throws to stop its container with reason ERROR. */
	static class ListenerError extends Error {

		private static final long serialVersionUID = 1L;

		ListenerError(String message) {
			super(message);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ KafkaAutoConfiguration.class, SupervisionAutoConfiguration.class,
			SupervisionKafkaAutoConfiguration.class })
	static class Base {

		@Bean
		Events events() {
			return new Events();
		}

		@Bean
		Received received() {
			return new Received();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Base.class)
	static class FailingListener {

		@Bean
		TestListener testListener(Received received, org.springframework.core.env.Environment environment) {
			return new TestListener(received, environment.getProperty("test.fail", "none"),
					environment.getProperty("test.block", "none"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(FailingListener.class)
	static class StoppingErrorHandler {

		@Bean
		CommonErrorHandler stoppingErrorHandler() {
			return new CommonContainerStoppingErrorHandler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Base.class)
	static class TwoListeners {

		@KafkaListener(id = "first", topics = "${test.topic}", groupId = "${test.topic}-first")
		void first(String value) {
		}

		@KafkaListener(id = "second", topics = "${test.topic}", groupId = "${test.topic}-second")
		void second(String value) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Base.class)
	static class ContainerBean {

		@Bean
		ConcurrentMessageListenerContainer<Object, Object> beanContainer(ConsumerFactory<Object, Object> consumers,
				org.springframework.core.env.Environment environment) {
			ContainerProperties properties = new ContainerProperties(environment.getProperty("test.topic"));
			properties.setGroupId(environment.getProperty("test.topic"));
			properties.setMessageListener((MessageListener<Object, Object>) (record) -> {
			});
			return new ConcurrentMessageListenerContainer<>(consumers, properties);
		}

	}

	/**
	 * The listener, made by a factory whose first consumer thread starts only once the
	 * container has given up waiting for it: a {@code ConsumerFailedToStartEvent}.
	 */
	@Configuration(proxyBeanMethods = false)
	@Import(FailingListener.class)
	static class SlowStart {

		private final CountDownLatch gaveUp = new CountDownLatch(1);

		@Bean
		ConcurrentKafkaListenerContainerFactory<Object, Object> slowStartFactory(
				ConsumerFactory<Object, Object> consumers) {
			ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
			factory.setConsumerFactory(consumers);
			factory.getContainerProperties().setConsumerStartTimeout(Duration.ofMillis(300));
			SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("slow-start-");
			AtomicBoolean first = new AtomicBoolean(true);
			factory.getContainerProperties().setListenerTaskExecutor(new SimpleAsyncTaskExecutor() {

				private static final long serialVersionUID = 1L;

				@Override
				public void execute(Runnable task) {
					boolean late = first.compareAndSet(true, false);
					threads.execute(() -> {
						if (late) {
							awaitGaveUp();
						}
						task.run();
					});
				}

			});
			return factory;
		}

		@EventListener
		void consumerFailedToStart(ConsumerFailedToStartEvent event) {
			this.gaveUp.countDown();
		}

		private void awaitGaveUp() {
			try {
				this.gaveUp.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
