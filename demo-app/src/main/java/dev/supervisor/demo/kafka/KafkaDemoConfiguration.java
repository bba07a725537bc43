package dev.supervisor.demo.kafka;

import java.util.List;

import dev.supervisor.demo.ingest.IngestProperties;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.context.annotation.Scope;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonContainerStoppingErrorHandler;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The beans of the {@code kafka} profile: the in-process broker (unless
 * {@code demo.kafka.embedded=false}), the topic, the {@code ingest/client} as a Kafka
 * producer, and the consumer whose listener container the {@code ingest} tree supervises.
 */
@Configuration(proxyBeanMethods = false)
@Profile("kafka")
class KafkaDemoConfiguration {

	@Bean(destroyMethod = "destroy")
	@ConditionalOnBooleanProperty(name = "demo.kafka.embedded", matchIfMissing = true)
	EmbeddedKafkaKraftBroker demoKafkaBroker(KafkaDemoProperties properties) {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, properties.getPartitions(),
				properties.getTopic());
		broker.brokerListProperty("demo.kafka.embedded-brokers");
		broker.afterPropertiesSet();
		return broker;
	}

	/**
	 * Points Spring Boot's Kafka auto-configuration at the in-process broker.
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "demo.kafka.embedded", matchIfMissing = true)
	KafkaConnectionDetails demoKafkaConnectionDetails(EmbeddedKafkaKraftBroker broker) {
		return () -> List.of(broker.getBrokersAsString());
	}

	@Bean
	NewTopic ingestTopic(KafkaDemoProperties properties) {
		return new NewTopic(properties.getTopic(), properties.getPartitions(), (short) 1);
	}

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	KafkaIngestClient kafkaClient(ProducerFactory<?, ?> producers, KafkaDemoProperties properties) {
		return new KafkaIngestClient(producers, properties);
	}

	@Bean
	KafkaJournal kafkaJournal(IngestProperties properties) {
		return new KafkaJournal(properties.getJournalDir());
	}

	@Bean
	JournalConsumer journalConsumer(KafkaJournal journal, KafkaDemoProperties properties) {
		return new JournalConsumer(journal, properties);
	}

	/**
	 * A record the listener cannot handle stops its container (abnormally): a crash of the
	 * supervised child, instead of Spring Kafka's default of retrying it ten times and
	 * skipping it.
	 */
	@Bean
	CommonErrorHandler stopContainerOnFailure() {
		return new CommonContainerStoppingErrorHandler();
	}

}
