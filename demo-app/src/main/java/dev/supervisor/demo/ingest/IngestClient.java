package dev.supervisor.demo.ingest;

import java.util.List;

/**
 * What the producers send their batches through: the {@code ingest/client}, a connection
 * to the simulated broker ({@link BrokerClient}) or, with the {@code kafka} profile, a
 * Kafka producer.
 */
public interface IngestClient {

	/**
	 * Sends a batch, all of it or (as far as this client knows) nothing.
	 * @param journal the journal the batch belongs to, e.g. {@code p-0}
	 * @param batch the messages
	 * @param producer who sends them, e.g. {@code ingest/producers/p-0#2}
	 * @throws BrokerUnavailableException if the broker cannot take the batch now
	 */
	void send(String journal, List<Message> batch, String producer);

}
