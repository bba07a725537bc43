package dev.supervisor.spring.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.supervisor.ChildState;
import dev.supervisor.ExitReason;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.autoconfigure.Events;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import dev.supervisor.spring.autoconfigure.kafka.SupervisionKafkaAutoConfiguration;
import dev.supervisor.spring.listener.ListenerApplications;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.TopicPartition;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;

import static dev.supervisor.spring.listener.ListenerApplications.awaitNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kafka-listener:} children on a real (in-process KRaft) broker, after a stop that ran
 * out of the child's {@code shutdown} while a record is in the listener (the child is
 * {@code killed}, its consumer keeps going): the next incarnation starts the container only
 * once the killed one's consumers are done. Found by probing; both tests failed before.
 */
class AbandonedContainerTests {

	private static final String CHILD = "supervision.trees.orders.children[0]";

	private static KafkaTestBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = KafkaTestBroker.start(Map.of());
	}

	@AfterAll
	static void stopBroker() {
		broker.close();
	}

	private ConfigurableApplicationContext run(Class<?> configuration, String topic, String... properties) {
		broker.createTopics(topic);
		List<String> all = new ArrayList<>(List.of("spring.kafka.bootstrap-servers=" + broker.brokers(),
				"spring.kafka.consumer.auto-offset-reset=earliest", "test.topic=" + topic,
				"spring.kafka.consumer.properties.heartbeat.interval.ms=200",
				"spring.kafka.consumer.properties.reconnect.backoff.max.ms=500"));
		all.addAll(List.of(properties));
		return ListenerApplications.run(configuration, all.toArray(String[]::new));
	}

	private static String topic(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * Expected (README, "Graceful shutdown": "If the shutdown runs out, the child is reported
	 * killed (the container keeps stopping on its own)"; "Abandoned incarnations": "No new
	 * incarnation ever runs on the same instance while it does"): after an operator's restart
	 * whose stop ran out (incarnation 1 {@code killed} with a record in its listener), incarnation
	 * 1's consumer, asked to stop, stops once that record is done.
	 * <p>Before, with a stand-alone {@code KafkaMessageListenerContainer} bean: incarnation 2
	 * starts the same container while incarnation 1's consumer is still in the listener; the
	 * container's running flag is true again, so that consumer never stops: it stays in the
	 * group, polling, as a second consumer of incarnation 2 (and of every later one) that no
	 * stop of the child reaches (thread still alive, polling, 20s after its record was done).
	 * Likely cause: the engine waits only for the abandoned stop thread (ContainerIncarnation#stop
	 * returns on interrupt), not for the container to be quiet, before
	 * KafkaContainerIncarnation#startContainer starts the same container again.
	 */
	@Test
	void consumerOfAKilledIncarnationStopsOnceItsRecordIsDone() throws Exception {
		String topic = topic("zombie");
		try (ConfigurableApplicationContext context = run(StandAlone.class, topic, CHILD + ".id=payments",
				CHILD + ".kafka-listener=standalone", CHILD + ".shutdown=500ms")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			Blocker blocker = context.getBean(Blocker.class);
			Thread killedConsumer;
			try {
				broker.send(topic, "slow");
				killedConsumer = blocker.awaitBlocked();
				dev.supervisor.Outcome restart = registry.supervisor("orders").forceRestartChild("payments");
				// PENDING: the killed incarnation's consumer is still inside the container.
				assertThat(restart.status()).as(restart.toString()).isEqualTo(dev.supervisor.Outcome.Status.PENDING);
				assertThat(registry.find("orders/payments").orElseThrow().state()).isEqualTo(ChildState.RESTARTING);
			}
			finally {
				blocker.unblock();
			}
			// Its record done, the old consumer leaves; then the next incarnation starts the container.
			NodeSnapshot second = awaitNode(registry, "orders/payments",
					(n) -> n.incarnation() == 2 && n.state() == ChildState.RUNNING);
			assertThat(second.lastExit().reason()).isEqualTo(ExitReason.Kind.KILLED);
			killedConsumer.join(20_000);
			assertThat(killedConsumer.isAlive())
				.as("incarnation 1's consumer thread %s still runs inside incarnation 2: %s", killedConsumer.getName(),
						java.util.Arrays.toString(killedConsumer.getStackTrace()))
				.isFalse();
		}
	}

	/**
	 * Expected (README, "Abandoned incarnations": "No new incarnation ever runs on the same
	 * instance while it does ... a singleton ... waits and starts when the old thread has left
	 * it"; ListenerContainerChildren.ContainerChildFactory#target: "a new one never starts while
	 * an abandoned one is still inside it"): after a killed stop, the listener is not invoked by
	 * the next incarnation while the killed one's consumer is still inside it.
	 * <p>Before: incarnation 2 started the container at once; its new consumer (assigned
	 * partitions, from the committed offset) gets the record incarnation 1 is still processing,
	 * and the listener runs it twice at the same time (max concurrent invocations 2). The log
	 * shows the engine waited ("awaiting-abandoned") only for the killed stop thread, which
	 * leaves ContainerIncarnation#stop at once on interrupt; nothing waits for the container's
	 * consumers (isChildRunning) before the next start.
	 */
	@Test
	void killedIncarnationsConsumerAndTheNextIncarnationNeverRunTheListenerAtOnce() throws Exception {
		String topic = topic("overlap");
		try (ConfigurableApplicationContext context = run(Assigned.class, topic, CHILD + ".id=payments",
				CHILD + ".kafka-listener=assigned", CHILD + ".shutdown=500ms")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			Blocker blocker = context.getBean(Blocker.class);
			try {
				broker.send(topic, "slow");
				blocker.awaitBlocked();
				dev.supervisor.Outcome restart = registry.supervisor("orders").forceRestartChild("payments");
				// OK, or PENDING while the killed incarnation's stop thread is still inside the container.
				assertThat(restart.status()).as(restart.toString())
					.isIn(dev.supervisor.Outcome.Status.OK, dev.supervisor.Outcome.Status.PENDING);
				// Generous: without the overlap, the second delivery only comes after unblock().
				boolean overlapped = blocker.awaitSecondDelivery(15);
				assertThat(overlapped).as("the listener was invoked by incarnation 2 while incarnation 1's "
						+ "consumer was still inside it (max concurrent invocations %s)", blocker.maxConcurrent())
					.isFalse();
			}
			finally {
				blocker.unblock();
			}
		}
	}

	/** The listener's record "slow" blocks until the test lets it go. */
	static class Blocker {

		private final CountDownLatch blocked = new CountDownLatch(1);

		private final CountDownLatch unblocked = new CountDownLatch(1);

		private final CountDownLatch secondDelivery = new CountDownLatch(1);

		private final AtomicBoolean first = new AtomicBoolean(true);

		private volatile Thread blockedThread;

		private final AtomicInteger inFlight = new AtomicInteger();

		private final AtomicInteger maxConcurrent = new AtomicInteger();

		void onRecord(String value) throws InterruptedException {
			int now = this.inFlight.incrementAndGet();
			this.maxConcurrent.accumulateAndGet(now, Math::max);
			try {
				if (value.equals("slow")) {
					if (this.first.compareAndSet(true, false)) {
						this.blockedThread = Thread.currentThread();
						this.blocked.countDown();
						this.unblocked.await(60, TimeUnit.SECONDS);
					}
					else {
						this.secondDelivery.countDown();
					}
				}
			}
			finally {
				this.inFlight.decrementAndGet();
			}
		}

		Thread awaitBlocked() throws InterruptedException {
			assertThat(this.blocked.await(30, TimeUnit.SECONDS)).as("a record in flight").isTrue();
			return this.blockedThread;
		}

		boolean awaitSecondDelivery(long seconds) throws InterruptedException {
			return this.secondDelivery.await(seconds, TimeUnit.SECONDS) && this.unblocked.getCount() == 1;
		}

		void unblock() {
			this.unblocked.countDown();
		}

		int maxConcurrent() {
			return this.maxConcurrent.get();
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
		Blocker blocker() {
			return new Blocker();
		}

	}

	/** A stand-alone container bean (no concurrency), named by the child. */
	@Configuration(proxyBeanMethods = false)
	@Import(Base.class)
	static class StandAlone {

		@Bean
		KafkaMessageListenerContainer<Object, Object> standalone(ConsumerFactory<Object, Object> consumers,
				Environment environment, Blocker blocker) {
			ContainerProperties properties = new ContainerProperties(environment.getProperty("test.topic"));
			properties.setGroupId(environment.getProperty("test.topic"));
			properties.setMessageListener((MessageListener<Object, Object>) (record) -> {
				try {
					blocker.onRecord(String.valueOf(record.value()));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			return new KafkaMessageListenerContainer<>(consumers, properties);
		}

	}

	/** A @KafkaListener on an assigned partition (no group rebalance). */
	@Configuration(proxyBeanMethods = false)
	@Import(Base.class)
	static class Assigned {

		private final Blocker blocker;

		Assigned(Blocker blocker) {
			this.blocker = blocker;
		}

		@KafkaListener(id = "assigned", groupId = "${test.topic}",
				topicPartitions = @TopicPartition(topic = "${test.topic}", partitions = "0"))
		void onRecord(String value) throws InterruptedException {
			this.blocker.onRecord(value);
		}

	}

}
