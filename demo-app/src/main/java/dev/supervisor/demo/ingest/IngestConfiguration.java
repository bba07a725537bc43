package dev.supervisor.demo.ingest;

import java.time.Clock;

import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.handle.ChildHandle;
import dev.supervisor.spring.handle.SupervisionPath;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.context.annotation.Scope;

/**
 * The beans the {@code ingest} tree is made of. Children are prototypes: each
 * incarnation is a fresh instance. The simulated broker and its client are left out with
 * the {@code kafka} profile, whose client is a Kafka producer
 * ({@code dev.supervisor.demo.kafka}).
 */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

	@Bean
	@Profile("!kafka")
	SimulatedBroker simulatedBroker(IngestProperties properties) {
		return new SimulatedBroker(properties.getJournalDir(), Clock.systemUTC());
	}

	@Bean
	@Profile("!kafka")
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	BrokerClient brokerClient(SimulatedBroker broker) {
		return new BrokerClient(broker);
	}

	@Bean
	Spools spools(SupervisionRegistry supervision, IngestProperties properties) {
		return new Spools(properties.getSpoolDir(), Producers.producerIds(supervision),
				properties.getBacklogCapacity());
	}

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	Producer producer(@SupervisionPath("ingest/client") ChildHandle<IngestClient> client, Spools spools,
			IngestProperties properties) {
		return new Producer(client, spools, properties);
	}

	@Bean
	Producers producers(SupervisionRegistry supervision, Spools spools) {
		return new Producers(supervision, spools);
	}

}
