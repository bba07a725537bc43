package dev.supervisor.spring.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.supervisor.spring.listener.ListenerApplications;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker in this JVM (spring-kafka-test's KRaft broker, on a free loopback
 * port, with its own temporary log directory), shared by the Kafka tests of one class.
 * Its broker can be shut down and started again on the same port with its data.
 */
final class KafkaTestBroker implements AutoCloseable {

	/** Where EmbeddedKafkaKraftBroker publishes its address; cleared on close. */
	private static final String BROKERS_PROPERTY = "kafka.test.brokers";

	private final EmbeddedKafkaKraftBroker broker;

	private final KafkaProducer<String, String> producer;

	private KafkaTestBroker(EmbeddedKafkaKraftBroker broker) {
		this.broker = broker;
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers(),
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
				ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000), new StringSerializer(), new StringSerializer());
	}

	/**
	 * Starts a broker.
	 * @param properties broker properties
	 * @return the running broker
	 */
	static KafkaTestBroker start(Map<String, String> properties) {
		ListenerApplications.quietLogging();
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.brokerListProperty(BROKERS_PROPERTY);
		broker.brokerProperties(properties);
		broker.afterPropertiesSet();
		return new KafkaTestBroker(broker);
	}

	String brokers() {
		return this.broker.getBrokersAsString();
	}

	void createTopics(String... topics) {
		this.broker.addTopics(topics);
	}

	/** Sends records, each acknowledged by the broker before this returns. */
	void send(String topic, String... values) throws Exception {
		for (String value : values) {
			this.producer.send(new ProducerRecord<>(topic, value, value)).get(30, TimeUnit.SECONDS);
		}
	}

	<T> T admin(AdminCall<T> call) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers()))) {
			return call.call(admin);
		}
	}

	/** The offset the group committed for partition 0 of the topic, -1 if none. */
	long committedOffset(String group, String topic) throws Exception {
		return admin((admin) -> {
			Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(30, TimeUnit.SECONDS);
			OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, 0));
			return (offset != null) ? offset.offset() : -1L;
		});
	}

	/** Shuts the broker down: clients see it gone, its port refuses connections. */
	void stopBroker() {
		BrokerServer server = server();
		server.shutdown();
		server.awaitShutdown();
	}

	/** Starts the broker again, on the same port, with the data it had. */
	void startBroker() throws Exception {
		server().startup();
		this.broker.getCluster().waitForReadyBrokers();
	}

	private BrokerServer server() {
		Collection<BrokerServer> servers = this.broker.getCluster().brokers().values();
		return servers.iterator().next();
	}

	@Override
	public void close() {
		this.producer.close(Duration.ofSeconds(5));
		this.broker.destroy();
		for (String property : List.of(BROKERS_PROPERTY, EmbeddedKafkaKraftBroker.SPRING_EMBEDDED_KAFKA_BROKERS)) {
			System.clearProperty(property);
		}
	}

	/** A call with an admin client. */
	interface AdminCall<T> {

		T call(Admin admin) throws Exception;

	}

}
