package dev.supervisor.spring.actuate;

import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.supervisor.ChildContext;
import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.Worker;

/**
 * Children whose failures carry secrets in their messages, as a JDBC driver's do: the text the
 * endpoint must not show to readers who may not see it.
 */
final class Leaky {

	/** The secret every failure carries. */
	static final String SECRET = "s3cr3t-Pa55";

	/** A message with a connection string and its password, as a real driver writes it. */
	static final String MESSAGE = "Cannot open jdbc:postgresql://db.internal:5432/orders?user=app&password=" + SECRET;

	private Leaky() {
	}

	/** A worker whose first run fails with the secret; later runs idle until they are stopped. */
	static final class FirstRunFails implements Worker {

		@Override
		public void run(ChildContext context) throws Exception {
			if (context.incarnation() == 1) {
				throw new SQLException(MESSAGE, "08001");
			}
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				// Stopped.
			}
		}

	}

	/** A service whose starts fail with the secret while {@link #failing} is set. */
	static final class FailingStart implements Service {

		static final AtomicBoolean failing = new AtomicBoolean();

		@Override
		public void start(ServiceContext context) throws Exception {
			if (failing.get()) {
				throw new IllegalStateException("pool could not start", new SQLException(MESSAGE, "08001"));
			}
		}

		@Override
		public void stop(ServiceContext context) {
		}

	}

}
