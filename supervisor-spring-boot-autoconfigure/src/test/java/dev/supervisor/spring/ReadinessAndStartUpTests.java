package dev.supervisor.spring;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.supervisor.ChildContext;
import dev.supervisor.ChildState;
import dev.supervisor.Worker;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's readiness follows its readiness trees whatever the order of events (a tree
 * that gives up during start-up, or right after an operator's restart), and a context closed
 * while a tree starts leaves no tree running. Found by probing the Spring layer; each test failed
 * before its fix, for the reason its comment gives.
 */
class ReadinessAndStartUpTests {

	private static final long BOUND_SECONDS = 10;

	// ------------------------------------------------------------------------------------------
	// Readiness: a readiness tree that gives up while the application is still starting.
	// ------------------------------------------------------------------------------------------

	/**
	 * Expected (README, configuration reference: "{@code readiness}: Whether the application
	 * refuses traffic (readiness state) while this tree is down"; README "When a tree gives up":
	 * a tree that gives up "while the context is still starting" is failed like any other):
	 * once the readiness tree has given up (failed, stay-down), the application's readiness is
	 * REFUSING_TRAFFIC, and it stays so until the tree runs again.
	 * <p>
	 * Before: SupervisionReadiness published REFUSING_TRAFFIC when the tree gives up, but
	 * Spring Boot publishes ACCEPTING_TRAFFIC when the application is ready, afterwards, and
	 * SupervisionReadiness never re-asserts the tree's state: the application accepts traffic
	 * with its readiness tree failed (health DOWN) until an operator restarts it.
	 */
	@Test
	void readinessTreeThatGaveUpDuringStartUpKeepsTheApplicationRefusingTraffic() throws Exception {
		StartupCrash.reset();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(StartupCrashApp.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.properties("supervision.trees.gate.readiness=true", "supervision.trees.gate.intensity=0",
					"supervision.trees.gate.children[0].id=w", "supervision.trees.gate.children[0].bean=crashOnDemand")
			.run()) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			assertThat(registry.tree("gate").orElseThrow().state()).isEqualTo(ChildState.FAILED);
			assertThat(context.getBean(ApplicationAvailability.class).getReadinessState())
				.as("readiness while the readiness tree 'gate' is failed")
				.isEqualTo(ReadinessState.REFUSING_TRAFFIC);
		}
	}

	/** Holds the worker until released, then crashes it. */
	static final class StartupCrash {

		static volatile CountDownLatch crash = new CountDownLatch(1);

		static void reset() {
			crash = new CountDownLatch(1);
		}

	}

	static class CrashOnDemand implements Worker {

		@Override
		public void run(ChildContext context) throws Exception {
			StartupCrash.crash.await();
			throw new IllegalStateException("crash on demand");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SupervisionAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class })
	static class StartupCrashApp {

		@Bean
		@Scope("prototype")
		CrashOnDemand crashOnDemand() {
			return new CrashOnDemand();
		}

		/** Starts after the trees (a later phase) and lets the tree give up before start-up ends. */
		@Bean
		SmartLifecycle crashTheTreeDuringStartUp(SupervisionRegistry registry) {
			return new SmartLifecycle() {

				private volatile boolean running;

				@Override
				public void start() {
					StartupCrash.crash.countDown();
					try {
						registry.tree("gate").orElseThrow().termination().get(BOUND_SECONDS, TimeUnit.SECONDS);
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
					this.running = true;
				}

				@Override
				public void stop() {
					this.running = false;
				}

				@Override
				public boolean isRunning() {
					return this.running;
				}

				@Override
				public int getPhase() {
					return SmartLifecycle.DEFAULT_PHASE;
				}

			};
		}

	}

	// ------------------------------------------------------------------------------------------
	// Readiness: check-then-act between the STARTED event and a give-up right after it.
	// ------------------------------------------------------------------------------------------

	/**
	 * Expected (README configuration reference, {@code readiness}: the application refuses
	 * traffic "while this tree is down"): after an operator's restart of a readiness tree that
	 * then gives up again, the last readiness state published is REFUSING_TRAFFIC.
	 * <p>
	 * Before: SupervisionReadiness.onApplicationEvent read {@code tree.state() == RUNNING} on
	 * the operator's thread and publishes ACCEPTING_TRAFFIC afterwards, unsynchronized with the
	 * REFUSING_TRAFFIC that the tree's own thread publishes when it gives up. If the give-up falls
	 * between the check and the publication (modelled here by a listener that holds the
	 * ACCEPTING_TRAFFIC publication until the tree has given up), ACCEPTING_TRAFFIC is
	 * published last: the application accepts traffic for good with its readiness tree failed.
	 */
	@Test
	void readinessIsNotLeftAcceptingWhenTheTreeGivesUpRightAfterAnOperatorRestart() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SupervisionAutoConfiguration.class,
					ApplicationAvailabilityAutoConfiguration.class))
			.withUserConfiguration(RaceConfig.class)
			.withPropertyValues("supervision.trees.gate.readiness=true", "supervision.trees.gate.intensity=0",
					"supervision.trees.gate.children[0].id=w", "supervision.trees.gate.children[0].bean=latchedCrasher")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
				ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
				Gate gate = context.getBean(Gate.class);
				// First give-up: REFUSING_TRAFFIC.
				gate.crash.countDown();
				registry.tree("gate").orElseThrow().termination().get(BOUND_SECONDS, TimeUnit.SECONDS);
				assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
				// The operator restarts it; the new run gives up right after its STARTED event.
				gate.crash = new CountDownLatch(1);
				gate.armed.set(true);
				assertThat(registry.restart("gate").isOk()).isTrue();
				registry.tree("gate").orElseThrow().termination().get(BOUND_SECONDS, TimeUnit.SECONDS);
				assertThat(registry.tree("gate").orElseThrow().state()).isEqualTo(ChildState.FAILED);
				assertThat(availability.getReadinessState())
					.as("readiness after the readiness tree 'gate' gave up again")
					.isEqualTo(ReadinessState.REFUSING_TRAFFIC);
			});
	}

	static final class Gate {

		volatile CountDownLatch crash = new CountDownLatch(1);

		final AtomicBoolean armed = new AtomicBoolean();

	}

	static class LatchedCrasher implements Worker {

		private final Gate gate;

		LatchedCrasher(Gate gate) {
			this.gate = gate;
		}

		@Override
		public void run(ChildContext context) throws Exception {
			this.gate.crash.await();
			throw new IllegalStateException("crash on demand");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RaceConfig {

		@Bean
		Gate gate() {
			return new Gate();
		}

		@Bean
		@Scope("prototype")
		LatchedCrasher latchedCrasher(Gate gate) {
			return new LatchedCrasher(gate);
		}

		/**
		 * Runs before ApplicationAvailabilityBean records a state: holds the ACCEPTING_TRAFFIC
		 * that follows the operator's restart until the new run of the tree has given up.
		 */
		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		ApplicationListener<AvailabilityChangeEvent<?>> holdAccepting(Gate gate, SupervisionRegistry registry) {
			return (event) -> {
				if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC && gate.armed.compareAndSet(true, false)) {
					gate.crash.countDown();
					try {
						registry.tree("gate").orElseThrow().termination().get(BOUND_SECONDS, TimeUnit.SECONDS);
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}
			};
		}

	}


	// ------------------------------------------------------------------------------------------
	// Close during start: the context is closed while a tree is still starting its children.
	// ------------------------------------------------------------------------------------------

	/**
	 * Expected (DESIGN section 1, "Shutdown that loses work": apps are stopped with SIGTERM and the
	 * trees' children are stopped in order; README "More of what the starter does": "Beans the
	 * children use are destroyed only after every tree has stopped"; Spring's
	 * {@code ConfigurableApplicationContext#close()}: closes the context and destroys its beans):
	 * a close (a SIGTERM) while a tree is still starting either waits for the start and then
	 * stops the tree, or aborts the start; either way, once close() has returned and the start
	 * has ended, the tree is not running, its threads are gone and the context is closed.
	 * <p>
	 * Before: the starting thread waited for the tree in an uninterruptible
	 * {@code CompletableFuture.join()}; Spring 7's close() interrupts it, sees it still WAITING,
	 * takes it for a thread stuck in System.exit, marks the context inactive and returns without
	 * closing anything. The start then completes: the tree runs on for good (its threads alive,
	 * its stop never called) in a context that is neither active nor closed, and its events are
	 * no longer delivered.
	 */
	@Test
	void closeWhileATreeIsStartingDoesNotLeaveTheTreeRunning() throws Exception {
		SlowStart.reset();
		java.util.concurrent.atomic.AtomicReference<ConfigurableApplicationContext> ref = new java.util.concurrent.atomic.AtomicReference<>();
		java.util.concurrent.CompletableFuture<ConfigurableApplicationContext> run = new java.util.concurrent.CompletableFuture<>();
		Thread starter = new Thread(() -> {
			try {
				run.complete(new SpringApplicationBuilder(SlowStartApp.class).web(WebApplicationType.NONE)
					.bannerMode(Banner.Mode.OFF)
					.logStartupInfo(false)
					.registerShutdownHook(false)
					.initializers((context) -> ref.set(context))
					.properties("supervision.trees.slowtree.children[0].id=svc",
							"supervision.trees.slowtree.children[0].bean=slowService")
					.run());
			}
			catch (Throwable ex) {
				run.completeExceptionally(ex);
			}
		}, "probe-starter");
		starter.start();
		try {
			assertThat(SlowStart.entered.await(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
			ConfigurableApplicationContext context = ref.get();
			// Taken while the context starts: once it is closed, its beans are gone.
			SupervisionRegistry registry = context.getBeanFactory().getBean(SupervisionRegistry.class);
			// A SIGTERM while the tree starts: the shutdown hook closes the context.
			java.util.concurrent.CompletableFuture<Void> close = java.util.concurrent.CompletableFuture
				.runAsync(context::close);
			close.get(BOUND_SECONDS, TimeUnit.SECONDS);
			// The tree's start goes on and ends.
			SlowStart.release.countDown();
			String startUp;
			try {
				run.get(BOUND_SECONDS, TimeUnit.SECONDS);
				startUp = "completed";
			}
			catch (java.util.concurrent.ExecutionException ex) {
				// An aborted start-up is a fine answer to a close during start.
				startUp = "failed: " + ex.getCause();
			}
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(BOUND_SECONDS))
				.until(() -> registry.tree("slowtree").orElseThrow().state() != ChildState.STARTING);
			assertThat(registry.tree("slowtree").orElseThrow().state())
				.as("the tree after close() returned and its start ended (start-up %s; context active=%s, closed=%s)",
						startUp, context.isActive(), context.isClosed())
				.isNotEqualTo(ChildState.RUNNING);
			assertThat(SlowStart.stopped.getCount()).as("the service was stopped").isZero();
		}
		finally {
			SlowStart.release.countDown();
			starter.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
			ConfigurableApplicationContext context = ref.get();
			if (context != null) {
				// A tree left running by a failed assertion is stopped; a destroyed registry is gone.
				for (String name : context.getBeanFactory().getBeanNamesForType(SupervisionRegistry.class, false, false)) {
					if (context.getBeanFactory().getSingleton(name) instanceof SupervisionRegistry registry) {
						registry.tree("slowtree").ifPresent((tree) -> tree.stopAsync().join());
					}
				}
			}
		}
	}

	static final class SlowStart {

		static volatile CountDownLatch entered = new CountDownLatch(1);

		static volatile CountDownLatch release = new CountDownLatch(1);

		static volatile CountDownLatch stopped = new CountDownLatch(1);

		static void reset() {
			entered = new CountDownLatch(1);
			release = new CountDownLatch(1);
			stopped = new CountDownLatch(1);
		}

	}

	static class SlowService implements dev.supervisor.Service {

		@Override
		public void start(dev.supervisor.ServiceContext context) throws Exception {
			SlowStart.entered.countDown();
			SlowStart.release.await();
		}

		@Override
		public void stop(dev.supervisor.ServiceContext context) {
			SlowStart.stopped.countDown();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(SupervisionAutoConfiguration.class)
	static class SlowStartApp {

		@Bean
		@Scope("prototype")
		SlowService slowService() {
			return new SlowService();
		}

	}

}
