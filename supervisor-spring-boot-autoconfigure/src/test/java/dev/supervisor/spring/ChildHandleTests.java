package dev.supervisor.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.supervisor.ChildState;
import dev.supervisor.Outcome;
import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import dev.supervisor.spring.handle.ChildHandle;
import dev.supervisor.spring.handle.ChildUnavailableException;
import dev.supervisor.spring.handle.SupervisionPath;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Stable handles: calls reach the current incarnation, wait a bounded time for the next
 * one, and are refused beyond a bounded number of waiting callers.
 */
class ChildHandleTests {

	private static final String PATH = "ingest/connection";

	/** Far past any of these calls; a call still blocked then is a deadlock. */
	private static final Duration BOUND = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SupervisionAutoConfiguration.class))
		.withUserConfiguration(Config.class)
		.withPropertyValues("supervision.trees.ingest.intensity=1000",
				"supervision.trees.ingest.children[0].id=connection",
				"supervision.trees.ingest.children[0].bean=connection");

	@Test
	void callsThroughAHandleNeverReachAStoppedIncarnationWhileTheChildIsCrashedAndRestartedRepeatedly() {
		this.runner.run((context) -> {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			AtomicInteger violations = context.getBean(Violations.class).count;
			ChildHandle<Connection> handle = registry.handle(PATH, Connection.class);
			AtomicBoolean done = new AtomicBoolean();
			AtomicLong calls = new AtomicLong();
			AtomicInteger backwards = new AtomicInteger();
			AtomicInteger unavailable = new AtomicInteger();
			List<CompletableFuture<Void>> callers = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				callers.add(CompletableFuture.runAsync(() -> {
					long last = 0;
					while (!done.get()) {
						try {
							long incarnation = handle.call(Connection::use);
							if (incarnation < last) {
								backwards.incrementAndGet();
							}
							last = incarnation;
							calls.incrementAndGet();
						}
						catch (ChildUnavailableException ex) {
							unavailable.incrementAndGet();
						}
					}
				}));
			}
			for (int round = 0; round < 40; round++) {
				long before = handle.call(Connection::incarnation);
				if (round % 2 == 0) {
					// A crash reported by the service itself, from within a call.
					handle.run(Connection::crash);
				}
				else {
					// An operator's restart: the supervisor stops the running
					// incarnation.
					assertThat(registry.supervisor("ingest").forceRestartChild("connection").isOk()).isTrue();
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> handle.call(Connection::incarnation) > before);
			}
			done.set(true);
			CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).join();
			assertThat(violations).hasValue(0);
			assertThat(backwards).hasValue(0);
			assertThat(unavailable).hasValue(0);
			assertThat(calls.get()).isPositive();
			assertThat(handle.call(Connection::incarnation)).isEqualTo(41);
		});
	}

	@Test
	void callWhileTheChildIsRestartingWaitsUpToTheBoundThenFailsNamingPathAndState() {
		this.runner
			.withPropertyValues("supervision.handles.wait-timeout=300ms",
					"supervision.trees.ingest.children[0].backoff.initial=1m",
					"supervision.trees.ingest.children[0].backoff.max=1m")
			.run((context) -> {
				SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
				ChildHandle<Connection> handle = registry.handle(PATH, Connection.class);
				handle.run(Connection::crash);
				await().atMost(Duration.ofSeconds(5)).until(() -> handle.state() == ChildState.RESTARTING);
				long start = System.nanoTime();
				assertThatExceptionOfType(ChildUnavailableException.class)
					.isThrownBy(() -> handle.call(Connection::use))
					.withMessageContaining("'ingest/connection' is restarting")
					.withMessageContaining("within 300ms")
					.satisfies((ex) -> {
						assertThat(ex.getPath()).isEqualTo(PATH);
						assertThat(ex.getState()).isEqualTo("restarting");
						assertThat(ex.isRestartPending()).isTrue();
						assertThat(ex.getRetryAfter()).hasValueSatisfying((retry) -> assertThat(retry)
							.isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60)));
					});
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
			});
	}

	@Test
	void callToAChildWhoseRestartIsDelayedWaitsAsForAnyPendingRestart() {
		this.runner
			.withPropertyValues("supervision.handles.wait-timeout=300ms", "supervision.trees.ingest.intensity=0",
					"supervision.trees.ingest.children[0].delay-on-max-intensity=1m")
			.run((context) -> {
				ChildHandle<Connection> handle = context.getBean(SupervisionRegistry.class)
					.handle(PATH, Connection.class);
				handle.run(Connection::crash);
				await().atMost(Duration.ofSeconds(5)).until(() -> handle.state() == ChildState.DELAYED);
				long start = System.nanoTime();
				assertThatExceptionOfType(ChildUnavailableException.class)
					.isThrownBy(() -> handle.call(Connection::use))
					.withMessageContaining("'ingest/connection' is delayed")
					.satisfies((ex) -> assertThat(ex.isRestartPending()).isTrue());
				assertThat(Duration.ofNanos(System.nanoTime() - start)).as("it waited for the delayed restart")
					.isGreaterThanOrEqualTo(Duration.ofMillis(300));
			});
	}

	@Test
	void waitingCallReachesTheNextIncarnation() {
		this.runner
			.withPropertyValues("supervision.trees.ingest.children[0].backoff.initial=200ms",
					"supervision.trees.ingest.children[0].backoff.max=200ms")
			.run((context) -> {
				ChildHandle<Connection> handle = context.getBean(SupervisionRegistry.class)
					.handle(PATH, Connection.class);
				handle.run(Connection::crash);
				assertThat(handle.call(Connection::use)).isEqualTo(2);
				assertThat(context.getBean(Violations.class).count).hasValue(0);
			});
	}

	@Test
	void callerOverCapacityFailsAtOnce() {
		this.runner
			.withPropertyValues("supervision.handles.max-waiting=1", "supervision.handles.wait-timeout=30s",
					"supervision.trees.ingest.children[0].backoff.initial=1m",
					"supervision.trees.ingest.children[0].backoff.max=1m")
			.run((context) -> {
				SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
				ChildHandle<Connection> handle = registry.handle(PATH, Connection.class);
				handle.run(Connection::crash);
				await().atMost(Duration.ofSeconds(5)).until(() -> handle.state() == ChildState.RESTARTING);
				CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> handle.call(Connection::use));
				await().atMost(Duration.ofSeconds(5)).until(() -> registry.waiting(PATH) == 1);
				long start = System.nanoTime();
				assertThatExceptionOfType(ChildUnavailableException.class)
					.isThrownBy(() -> handle.call(Connection::use))
					.withMessageContaining("'ingest/connection' is restarting and 1 callers already wait for it");
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
				// The operator brings it back: the caller that waited gets the new
				// incarnation.
				Outcome outcome = registry.supervisor("ingest").forceRestartChild("connection");
				assertThat(outcome.isOk()).as(outcome.message()).isTrue();
				assertThat(waiting.join()).isEqualTo(2);
			});
	}

	@Test
	void aCallThatReportsACrashThenAsksForTheChildsStateIsAnsweredAndItsInstanceOutlivesTheCall() {
		this.runner.run((context) -> {
			ChildHandle<Connection> handle = context.getBean(SupervisionRegistry.class).handle(PATH, Connection.class);
			// The supervisor handles the exit while the call still uses the instance: it must not
			// wait there for the call, which waits for its answer.
			ChildState seen = assertTimeoutPreemptively(BOUND, () -> handle.call((connection) -> {
				connection.crash();
				ChildState state = handle.state();
				connection.use();
				return state;
			}));
			assertThat(seen).isIn(ChildState.RUNNING, ChildState.RESTARTING, ChildState.STOPPED);
			await().atMost(BOUND).until(() -> handle.call(Connection::incarnation) == 2);
			assertThat(context.getBean(Violations.class).count).as("no call reached a released instance").hasValue(0);
		});
	}

	@Test
	void aCallThatReportsAnExitThenOperatesOnItsSupervisorIsAnswered() {
		this.runner.run((context) -> {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			ChildHandle<Connection> handle = registry.handle(PATH, Connection.class);
			int children = assertTimeoutPreemptively(BOUND, () -> handle.call((connection) -> {
				connection.exit();
				int count = registry.supervisor("ingest").whichChildren().size();
				connection.use();
				return count;
			}));
			assertThat(children).isEqualTo(1);
			await().atMost(BOUND).until(() -> handle.call(Connection::incarnation) == 2);
			assertThat(context.getBean(Violations.class).count).hasValue(0);
		});
	}

	@Test
	void handleIsInjectedByPath() {
		this.runner.withUserConfiguration(Client.class).run((context) -> {
			Client client = context.getBean(Client.class);
			assertThat(client.connection.path()).isEqualTo(PATH);
			assertThat(client.connection.call(Connection::use)).isEqualTo(1);
		});
	}

	@Test
	void handleWithoutPathFailsAtInjection() {
		this.runner.withUserConfiguration(ClientWithoutPath.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("@SupervisionPath");
		});
	}

	@Test
	void handleOnUnknownPathOrWrongTypeIsRefused() {
		this.runner.run((context) -> {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			assertThatIllegalArgumentException().isThrownBy(() -> registry.handle("ingest/nothing", Object.class))
				.withMessageContaining("'ingest/nothing'");
			assertThatIllegalArgumentException().isThrownBy(() -> registry.handle(PATH, String.class))
				.withMessageContaining(Connection.class.getName());
		});
	}

	@Test
	void handleReachesDynamicChildren() {
		this.runner
			.withPropertyValues("supervision.trees.pool.template.bean=connection",
					"supervision.trees.pool.template.restart=temporary", "supervision.handles.wait-timeout=1h")
			.run((context) -> {
				SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
				assertThat(registry.supervisor("pool").startDynamicChild("c1", null).isOk()).isTrue();
				ChildHandle<Connection> handle = registry.handle("pool/c1", Connection.class);
				assertThat(handle.call(Connection::use)).isEqualTo(1);
				assertThat(registry.supervisor("pool").terminateChild("c1").isOk()).isTrue();
				assertThat(handle.state()).isEqualTo(ChildState.STOPPED);
				// A dynamic child that is gone will not come back: the call fails at once instead
				// of waiting out its hour (the deadline only keeps a broken build from hanging).
				assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
						() -> assertThatExceptionOfType(ChildUnavailableException.class)
							.isThrownBy(() -> handle.call(Connection::use))
							.withMessageContaining("does not exist"));
			});
	}

	/** The input (#9 item 7): a tree that gave up and stays down. */
	@Test
	void callToAChildOfATreeThatGaveUpFailsAtOnceNamingPathAndState() {
		this.runner.withPropertyValues("supervision.handles.wait-timeout=5s", "supervision.trees.ingest.intensity=0")
			.run((context) -> {
				SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
				ChildHandle<Connection> handle = registry.handle(PATH, Connection.class);
				handle.run(Connection::crash);
				await().atMost(Duration.ofSeconds(5))
					.until(() -> registry.tree("ingest").orElseThrow().state() == ChildState.FAILED);
				assertFailsAtOnce(handle, "'ingest/connection' is failed (tree 'ingest' is failed)", "failed");
			});
	}

	@Test
	void callToAChildNothingWillRestartFailsAtOnceWhetherTerminatedExitedOrUnderASupervisorThatGaveUp() {
		this.runner
			.withPropertyValues("supervision.handles.wait-timeout=5s", "supervision.trees.ingest.children[0].restart=transient",
					"supervision.trees.ingest.children[1].id=sub", "supervision.trees.ingest.children[1].restart=transient",
					"supervision.trees.ingest.children[1].intensity=0",
					"supervision.trees.ingest.children[1].children[0].id=inner",
					"supervision.trees.ingest.children[1].children[0].bean=connection",
					"supervision.trees.ingest.children[2].id=other",
					"supervision.trees.ingest.children[2].bean=connection")
			.run((context) -> {
				SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
				// A transient child that exited normally is not restarted.
				ChildHandle<Connection> connection = registry.handle(PATH, Connection.class);
				connection.run(Connection::exit);
				await().atMost(Duration.ofSeconds(5)).until(() -> connection.state() == ChildState.STOPPED);
				assertFailsAtOnce(connection, "'ingest/connection' is stopped", "stopped");
				// A child an operator terminated.
				ChildHandle<Connection> other = registry.handle("ingest/other", Connection.class);
				assertThat(registry.supervisor("ingest").terminateChild("other").isOk()).isTrue();
				assertFailsAtOnce(other, "'ingest/other' is stopped", "stopped");
				// The child of a (transient) supervisor that gave up: the supervisor stays down.
				ChildHandle<Connection> inner = registry.handle("ingest/sub/inner", Connection.class);
				inner.run(Connection::crash);
				await().atMost(Duration.ofSeconds(5))
					.until(() -> registry.find("ingest/sub").orElseThrow().state() == ChildState.STOPPED);
				assertFailsAtOnce(inner, "(supervisor 'ingest/sub' is stopped)", "stopped");
			});
	}

	@Test
	void aWaitingCallFailsAsSoonAsThePendingRestartIsCancelled() {
		this.runner
			.withPropertyValues("supervision.handles.wait-timeout=30s",
					"supervision.trees.ingest.children[0].backoff.initial=1m",
					"supervision.trees.ingest.children[0].backoff.max=1m")
			.run((context) -> {
				SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
				ChildHandle<Connection> handle = registry.handle(PATH, Connection.class);
				handle.run(Connection::crash);
				await().atMost(Duration.ofSeconds(5)).until(() -> handle.state() == ChildState.RESTARTING);
				CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> handle.call(Connection::use));
				await().atMost(Duration.ofSeconds(5)).until(() -> registry.waiting(PATH) == 1);
				long start = System.nanoTime();
				// The operator terminates it, which cancels the restart: nothing will bring it back.
				assertThat(registry.supervisor("ingest").terminateChild("connection").isOk()).isTrue();
				assertThat(waiting).failsWithin(Duration.ofSeconds(5))
					.withThrowableOfType(java.util.concurrent.ExecutionException.class)
					.havingCause()
					.isInstanceOf(ChildUnavailableException.class)
					.withMessageContaining("'ingest/connection' is stopped");
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			});
	}

	@Test
	void aCallWaitsWhileASupervisorAboveTheChildIsRestartingAndReachesItsNextIncarnation() {
		this.runner
			.withPropertyValues("supervision.handles.wait-timeout=30s", "supervision.trees.ingest.children[1].id=sub",
					"supervision.trees.ingest.children[1].intensity=0",
					"supervision.trees.ingest.children[1].backoff.initial=300ms",
					"supervision.trees.ingest.children[1].backoff.max=300ms",
					"supervision.trees.ingest.children[1].children[0].id=inner",
					"supervision.trees.ingest.children[1].children[0].bean=connection")
			.run((context) -> {
				SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
				ChildHandle<Connection> inner = registry.handle("ingest/sub/inner", Connection.class);
				inner.run(Connection::crash);
				// sub gave up (intensity 0) and is restarting with its backoff: inner comes back with it.
				assertThat(inner.call(Connection::use)).isEqualTo(1);
				assertThat(registry.find("ingest/sub").orElseThrow().incarnation()).isEqualTo(2);
			});
	}

	private static void assertFailsAtOnce(ChildHandle<Connection> handle, String message, String state) {
		long start = System.nanoTime();
		assertThatExceptionOfType(ChildUnavailableException.class).isThrownBy(() -> handle.call(Connection::use))
			.withMessageContaining(message)
			.satisfies((ex) -> {
				assertThat(ex.getPath()).isEqualTo(handle.path());
				assertThat(ex.getState()).startsWith(state);
				assertThat(ex.isRestartPending()).isFalse();
				assertThat(ex.getRetryAfter()).isEmpty();
			});
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait for the 5s timeout")
			.isLessThan(Duration.ofSeconds(2));
	}

	/** Counts calls that reached a stopped or destroyed incarnation. */
	static class Violations {

		final AtomicInteger count = new AtomicInteger();

	}

	/**
	 * A service whose calls check that they never reach a stopped or destroyed
	 * incarnation.
	 */
	static class Connection implements Service, DisposableBean {

		private final Violations violations;

		private volatile ServiceContext context;

		private volatile boolean stopped;

		private volatile boolean destroyed;

		Connection(Violations violations) {
			this.violations = violations;
		}

		@Override
		public void start(ServiceContext context) {
			this.context = context;
		}

		@Override
		public void stop(ServiceContext context) {
			this.stopped = true;
		}

		@Override
		public void destroy() {
			this.destroyed = true;
		}

		long use() {
			check();
			// Long enough for a stop or a release to race with the call if they could.
			for (int i = 0; i < 2000; i++) {
				Thread.onSpinWait();
			}
			check();
			return this.context.incarnation();
		}

		long incarnation() {
			return this.context.incarnation();
		}

		void crash() {
			this.context.fail(new IllegalStateException("connection lost"));
		}

		void exit() {
			this.context.exit();
		}

		private void check() {
			if (this.stopped || this.destroyed) {
				this.violations.count.incrementAndGet();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		Violations violations() {
			return new Violations();
		}

		@Bean
		@Scope("prototype")
		Connection connection(Violations violations) {
			return new Connection(violations);
		}

	}

	static class Client {

		final ChildHandle<Connection> connection;

		Client(@SupervisionPath(PATH) ChildHandle<Connection> connection) {
			this.connection = connection;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClientWithoutPath {

		@Bean
		Client client(ChildHandle<Connection> connection) {
			return new Client(connection);
		}

	}

}
