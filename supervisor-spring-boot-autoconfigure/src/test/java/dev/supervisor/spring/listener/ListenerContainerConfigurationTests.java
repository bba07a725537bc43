package dev.supervisor.spring.listener;

import java.util.List;
import java.util.Objects;

import dev.supervisor.spring.amqp.RabbitListenerContainers;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import dev.supervisor.spring.autoconfigure.amqp.SupervisionRabbitAutoConfiguration;
import dev.supervisor.spring.autoconfigure.kafka.SupervisionKafkaAutoConfiguration;
import dev.supervisor.spring.kafka.KafkaListenerContainers;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.annotation.EnableRabbit;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration of listener container children (one test per condition) and the
 * start-up failures of children that name containers wrongly. No broker is needed: every
 * problem is found before any container starts.
 */
class ListenerContainerConfigurationTests {

	private static final String CHILD = "supervision.trees.orders.children[0]";

	private static final String SECOND = "supervision.trees.orders.children[1]";

	private final ApplicationContextRunner kafka = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, SupervisionAutoConfiguration.class,
				SupervisionKafkaAutoConfiguration.class))
		.withUserConfiguration(KafkaListeners.class)
		.withPropertyValues("spring.kafka.listener.auto-startup=false");

	private final ApplicationContextRunner rabbit = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(SupervisionAutoConfiguration.class, SupervisionRabbitAutoConfiguration.class))
		.withUserConfiguration(RabbitListeners.class);

	@Test
	void kafkaContainersAreChildrenWhenSpringKafkaIsPresent() {
		this.kafka.run((context) -> assertThat(context).hasSingleBean(KafkaListenerContainers.class));
	}

	@Test
	void kafkaContainersAreNotConfiguredWithoutSpringKafka() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(SupervisionAutoConfiguration.class, SupervisionKafkaAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(KafkaListenerEndpointRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(KafkaListenerContainers.class));
	}

	@Test
	void kafkaContainersAreNotConfiguredWhenSupervisionIsDisabled() {
		this.kafka.withPropertyValues("supervision.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaListenerContainers.class));
	}

	@Test
	void rabbitContainersAreChildrenWhenSpringAmqpIsPresent() {
		this.rabbit.run((context) -> assertThat(context).hasSingleBean(RabbitListenerContainers.class));
	}

	@Test
	void rabbitContainersAreNotConfiguredWithoutSpringAmqp() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(SupervisionAutoConfiguration.class, SupervisionRabbitAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(RabbitListenerEndpointRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RabbitListenerContainers.class));
	}

	@Test
	void kafkaListenerChildWithoutSpringKafkaFailsNamingTheDependency() {
		FailureAnalysis analysis = analyze(new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(SupervisionAutoConfiguration.class, SupervisionKafkaAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(KafkaListenerEndpointRegistry.class)), CHILD + ".id=payments",
				CHILD + ".kafka-listener=payments");
		assertThat(analysis.getDescription()).contains(CHILD + ".kafka-listener")
			.contains("'kafka-listener' children need Spring Kafka");
		assertThat(analysis.getAction()).contains("org.springframework.kafka:spring-kafka");
	}

	@Test
	void rabbitListenerChildWithoutSpringAmqpFailsNamingTheDependency() {
		FailureAnalysis analysis = analyze(new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(SupervisionAutoConfiguration.class, SupervisionRabbitAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(RabbitListenerEndpointRegistry.class)), CHILD + ".id=facts",
				CHILD + ".rabbit-listener=facts");
		assertThat(analysis.getDescription()).contains("'rabbit-listener' children need Spring AMQP");
		assertThat(analysis.getAction()).contains("org.springframework.amqp:spring-rabbit");
	}

	@Test
	void unknownKafkaContainerIdFailsStartUpNamingTheChildAndTheKnownIds() {
		FailureAnalysis analysis = analyze(this.kafka, CHILD + ".id=payments", CHILD + ".kafka-listener=paymnets",
				SECOND + ".id=refunds", SECOND + ".kafka-listener=refundz");
		assertThat(analysis.getDescription()).contains(CHILD + ".kafka-listener")
			.contains("no Kafka listener container with id 'paymnets' (known: [payments])")
			.contains(SECOND + ".kafka-listener")
			.contains("'refundz'");
		assertThat(analysis.getAction()).contains("@KafkaListener(id = \"paymnets\"");
	}

	@Test
	void unknownRabbitContainerIdFailsStartUp() {
		FailureAnalysis analysis = analyze(this.rabbit, CHILD + ".id=facts", CHILD + ".rabbit-listener=fact");
		assertThat(analysis.getDescription()).contains("no Rabbit listener container with id 'fact' (known: [facts])");
	}

	@Test
	void containerNamedByTwoChildrenFailsStartUp() {
		FailureAnalysis analysis = analyze(this.kafka, CHILD + ".id=a", CHILD + ".kafka-listener=payments",
				SECOND + ".id=b", SECOND + ".kafka-listener=payments");
		assertThat(analysis.getDescription()).contains(SECOND + ".kafka-listener")
			.contains("'payments' is already the child at " + CHILD + ".kafka-listener");
	}

	@Test
	void containerChildWithABeanToo() {
		FailureAnalysis analysis = analyze(this.kafka, CHILD + ".id=a", CHILD + ".kafka-listener=payments",
				CHILD + ".bean=payments");
		assertThat(analysis.getDescription()).contains("'orders/a' has both 'bean' and 'kafka-listener'");
	}

	@Test
	void containerChildOfAKindOtherThanService() {
		FailureAnalysis analysis = analyze(this.kafka, CHILD + ".id=a", CHILD + ".kafka-listener=payments",
				CHILD + ".type=worker");
		assertThat(analysis.getDescription()).contains("a listener container is a service, not a worker");
	}

	@Test
	void containerAsTheTemplateOfADynamicSupervisor() {
		FailureAnalysis analysis = analyze(this.kafka, CHILD + ".id=a", CHILD + ".type=dynamic",
				CHILD + ".template.kafka-listener=payments");
		assertThat(analysis.getDescription()).contains(CHILD + ".template.kafka-listener")
			.contains("the children of a dynamic supervisor cannot share");
	}

	private static FailureAnalysis analyze(ApplicationContextRunner runner, String... properties) {
		Throwable[] failure = new Throwable[1];
		runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			failure[0] = context.getStartupFailure();
		});
		ArgumentResolver arguments = ArgumentResolver.of(BeanFactory.class, new DefaultListableBeanFactory())
			.and(Environment.class, new StandardEnvironment());
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, arguments, FailureHandler.handleMessage((message, ex) -> {
			}));
		return analyzers.stream()
			.map((analyzer) -> analyzer.analyze(failure[0]))
			.filter(Objects::nonNull)
			.findFirst()
			.orElseThrow(() -> new AssertionError("No failure analysis for " + failure[0]));
	}

	@Configuration(proxyBeanMethods = false)
	static class KafkaListeners {

		@KafkaListener(id = "payments", topics = "payments", groupId = "payments")
		void payments(String value) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableRabbit
	static class RabbitListeners {

		@Bean
		CachingConnectionFactory connectionFactory() {
			return new CachingConnectionFactory("127.0.0.1", 1);
		}

		@Bean
		SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(ConnectionFactory connectionFactory) {
			SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
			factory.setConnectionFactory(connectionFactory);
			factory.setAutoStartup(false);
			return factory;
		}

		@RabbitListener(id = "facts", queues = "facts")
		void facts(String fact) {
		}

	}

}
