package dev.supervisor.demo.ingest;

import java.util.List;

import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.demo.chaos.ChaosException;
import dev.supervisor.demo.chaos.Crashable;
import dev.supervisor.demo.ingest.SimulatedBroker.Connection;

import org.jspecify.annotations.Nullable;

/**
 * The {@code ingest/client}: holds the connection to the broker (as brod's client does)
 * and sends the producers' batches over it. Its start fails while the broker refuses
 * connections, and it crashes when the broker drops its connection; its supervisor
 * restarts it with backoff, so a dead broker is not hammered.
 */
public final class BrokerClient implements Service, Crashable, IngestClient {

	private final SimulatedBroker broker;

	private volatile @Nullable Connection connection;

	private volatile @Nullable ServiceContext context;

	BrokerClient(SimulatedBroker broker) {
		this.broker = broker;
	}

	@Override
	public void start(ServiceContext context) {
		this.context = context;
		// Throws while the broker is down: a failed start, retried after the backoff.
		this.connection = this.broker.connect(context.path() + "#" + context.incarnation(), context::fail);
	}

	@Override
	public void stop(ServiceContext context) {
		Connection connection = this.connection;
		if (connection != null) {
			connection.close();
		}
	}

	@Override
	public void crash(String reason) {
		ServiceContext context = this.context;
		if (context != null) {
			context.fail(new ChaosException(reason));
		}
	}

	/**
	 * Sends a batch to the broker, which appends it to a journal whole or not at all.
	 * @param journal the journal's name
	 * @param batch the messages
	 * @param producer who sends them
	 * @throws BrokerUnavailableException if the broker is down or the connection lost
	 */
	@Override
	public void send(String journal, List<Message> batch, String producer) {
		Connection connection = this.connection;
		if (connection == null) {
			throw new BrokerUnavailableException("Not connected");
		}
		connection.append(journal, batch, producer);
	}

}
