package dev.supervisor.spring.amqp;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.supervisor.ChildState;
import dev.supervisor.SupervisionEvent.Type;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.autoconfigure.Events;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import dev.supervisor.spring.autoconfigure.amqp.SupervisionRabbitAutoConfiguration;
import dev.supervisor.spring.event.SupervisionApplicationEvent;
import dev.supervisor.spring.listener.ListenerApplications;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.annotation.EnableRabbit;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

import static dev.supervisor.spring.listener.ListenerApplications.awaitNode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rabbit-listener:} children on a real RabbitMQ broker (Debian's rabbitmq-server, started
 * and stopped by this class): a graceful stop lasts the child's {@code shutdown}, not the
 * container's own 5 s {@code shutdownTimeout}. Found by probing; the test failed before.
 */
class ContainerShutdownTimeoutTests {

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
		List<String> all = new ArrayList<>(List.of("test.rabbitmq.port=" + broker.port(), "test.queue=" + queue));
		all.addAll(List.of(properties));
		return ListenerApplications.run(App.class, all.toArray(String[]::new));
	}

	/**
	 * Expected (README, "Graceful shutdown": a container is stopped "within the child's
	 * shutdown: ... a RabbitMQ consumer finishes the message in progress and acknowledges it
	 * ... If the shutdown runs out, the child is reported killed"; "The delivery guarantee": a
	 * graceful stop commits what was processed, no duplicates): with {@code shutdown: 20s}, a
	 * message that takes 8s is finished and acknowledged before the child is reported stopped,
	 * and is not left in the queue to be delivered again.
	 * <p>Before: the stop is cut at the container's own {@code shutdownTimeout} (Spring AMQP's
	 * default 5s), not the child's 20s: after 5s the container interrupts the listener's thread
	 * and closes the channel of the consumer still in the listener ("Closing channel for
	 * unresponsive consumer"), then the child is reported {@code stopped} with reason
	 * {@code shutdown} (a clean stop, not {@code killed}); the timeline is ["interrupted slow",
	 * "stopped facts/ledger"], and the unacknowledged message is back in the queue: delivered
	 * again after a clean stop. Likely cause: ContainerIncarnation#stop waits for the callback of
	 * SimpleMessageListenerContainer#stop(Runnable), which fires after the container's own
	 * shutdownTimeout; RabbitListenerContainers does not align it with the child's shutdown.
	 */
	@Test
	void gracefulStopWithinTheChildsShutdownFinishesAndAcknowledgesTheMessageInProgress() throws Exception {
		String queue = "slow-" + UUID.randomUUID().toString().substring(0, 8);
		ConfigurableApplicationContext context = run(queue, CHILD + ".id=ledger", CHILD + ".rabbit-listener=ledger",
				CHILD + ".shutdown=20s");
		SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
		Facts facts = context.getBean(Facts.class);
		Events events = context.getBean(Events.class);
		broker.send(queue, "slow");
		facts.awaitBlocked();
		CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
		awaitNode(registry, "facts/ledger", (n) -> n.state() == ChildState.STOPPING);
		closed.get(60, TimeUnit.SECONDS);
		List<SupervisionApplicationEvent> stopped = events.of(Type.STOPPED, "facts/ledger");
		long left = broker.messageCount(queue);
		SoftAssertions.assertSoftly((softly) -> {
			softly.assertThat(facts.timeline())
				.as("stopped as %s", stopped.isEmpty() ? "?" : stopped.get(0).getReason())
				.containsExactly("handled slow", "stopped facts/ledger");
			softly.assertThat(left).as("messages left in the queue after a graceful stop").isZero();
		});
	}

	/**
	 * The message "slow" takes up to 8s; the work ends early once the child is reported
	 * stopped (only possible if the stop did not wait for it), so the order is deterministic.
	 */
	static class Facts {

		private final List<String> timeline = new CopyOnWriteArrayList<>();

		private final CountDownLatch blocked = new CountDownLatch(1);

		private final CountDownLatch stopped = new CountDownLatch(1);

		@RabbitListener(id = "ledger", queues = "${test.queue}")
		void ledger(String fact) throws InterruptedException {
			if (fact.equals("slow")) {
				this.blocked.countDown();
				try {
					this.stopped.await(8, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					this.timeline.add("interrupted " + fact);
					throw ex;
				}
			}
			this.timeline.add("handled " + fact);
		}

		@EventListener
		void supervision(SupervisionApplicationEvent event) {
			if (event.getType() == Type.STOPPED) {
				this.timeline.add("stopped " + event.getPath());
				this.stopped.countDown();
			}
		}

		void awaitBlocked() throws InterruptedException {
			assertThat(this.blocked.await(30, TimeUnit.SECONDS)).as("a message in flight").isTrue();
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

		@Bean
		SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(ConnectionFactory connectionFactory) {
			SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
			factory.setConnectionFactory(connectionFactory);
			return factory;
		}

	}

}
