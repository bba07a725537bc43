package dev.supervisor.spring.autoconfigure;

import java.time.Duration;

import dev.supervisor.ExitInfo;
import dev.supervisor.ExitReason;
import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.SupervisionEvent.Type;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.event.SupervisionApplicationEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #9 item 4: an exception while stopping is a {@code shutdown_error} (OTP): logged at
 * ERROR with the child's path and the stack trace, an event, counted in metrics, and kept in
 * {@code lastExit}; whether the stop comes from an operator or from the application closing.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailedStopIntegrationTests {

	private static final String CHILD = "supervision.trees.ingest.children[0]";

	@Test
	void aServiceWhoseStopThrowsOnAnOperatorsTerminateIsAShutdownErrorEverywhere(CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApplications.run(App.class, CHILD + ".id=db",
				CHILD + ".bean=database")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			assertThat(registry.supervisor("ingest").terminateChild("db").isOk()).isTrue();
			SupervisionApplicationEvent stopped = context.getBean(Events.class).awaitEvent(Type.STOPPED, "ingest/db");
			assertThat(stopped.getReason().isShutdownError()).isTrue();
			assertThat(stopped.getReason().error()).hasMessage("database unreachable while closing");
			assertLoggedAsShutdownError(output, "ingest/db", "database unreachable while closing");
			ExitInfo lastExit = registry.find("ingest/db").orElseThrow().lastExit();
			assertThat(lastExit.reason()).isEqualTo(ExitReason.Kind.SHUTDOWN);
			assertThat(lastExit.message()).isEqualTo("database unreachable while closing");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> meters.find("supervision.child.exits").tag("reason", "shutdown-error").counter() != null);
			assertThat(meters.get("supervision.child.exits").tag("reason", "shutdown-error").counter().count())
				.isEqualTo(1.0);
		}
	}

	@Test
	void aLifecycleWhoseStopThrowsWhileTheApplicationClosesIsLoggedAsAShutdownError(CapturedOutput output) {
		ConfigurableApplicationContext context = TestApplications.run(App.class, CHILD + ".id=cache",
				CHILD + ".bean=cache");
		// What SIGTERM does: the context closes and the trees stop.
		context.close();
		assertLoggedAsShutdownError(output, "ingest/cache", "cache flush failed while closing");
	}

	private static void assertLoggedAsShutdownError(CapturedOutput output, String path, String message) {
		await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("event=stopped path=" + path));
		String line = output.getOut()
			.lines()
			.filter((l) -> l.contains("event=stopped path=" + path))
			.findFirst()
			.orElseThrow();
		assertThat(line).contains("ERROR").contains("shutdown-error").contains(message);
		assertThat(output.getOut()).as("the stack trace").contains("java.lang.IllegalStateException: " + message)
			.contains("\tat " + FailedStopIntegrationTests.class.getName());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(StepBeans.class)
	static class App {

		@Bean
		@Scope("prototype")
		Service database() {
			return new Service() {

				@Override
				public void start(ServiceContext context) {
				}

				@Override
				public void stop(ServiceContext context) {
					throw new IllegalStateException("database unreachable while closing");
				}

			};
		}

		@Bean
		@Scope("prototype")
		Lifecycle cache() {
			return new Idle.Flag() {

				@Override
				public void stop() {
					throw new IllegalStateException("cache flush failed while closing");
				}

			};
		}

	}

}
