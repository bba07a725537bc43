package dev.supervisor.spring.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.supervisor.ChildState;
import dev.supervisor.ExitReason;
import dev.supervisor.SupervisionEvent.Type;
import dev.supervisor.spring.SupervisionExitHandler;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.event.ChildExitedEvent;
import dev.supervisor.spring.event.ChildRestartedEvent;
import dev.supervisor.spring.event.ChildStartedEvent;
import dev.supervisor.spring.event.SupervisionApplicationEvent;
import dev.supervisor.spring.event.SupervisorGaveUpEvent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Supervision events as Spring application events, and what a root tree that gives up
 * does to the application.
 */
@ExtendWith(OutputCaptureExtension.class)
class SupervisionEventsIntegrationTests {

	private static final String CHILD = "supervision.trees.ingest.children[0]";

	@Test
	void startsExitsRestartsAndGiveUpsArePublishedAsApplicationEvents() {
		try (ConfigurableApplicationContext context = TestApplications.run(App.class, CHILD + ".id=a",
				CHILD + ".bean=step", "supervision.trees.ingest.intensity=1")) {
			Events events = context.getBean(Events.class);
			assertThat(events.awaitEvent(Type.STARTED, "ingest/a")).isInstanceOf(ChildStartedEvent.class);
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			registry.handle("ingest/a", Step.class).run(Step::crash);
			SupervisionApplicationEvent exited = events.awaitEvent(Type.EXITED, "ingest/a");
			assertThat(exited).isInstanceOf(ChildExitedEvent.class);
			assertThat(exited.getReason().kind()).isEqualTo(ExitReason.Kind.CRASHED);
			assertThat(exited.getReason().error()).hasMessage("crash of ingest/a#1");
			assertThat(exited.getTree()).isEqualTo("ingest");
			assertThat(exited.getIncarnation()).isEqualTo(1);
			assertThat(exited.getSource()).isSameAs(registry);
			assertThat(events.awaitEvent(Type.RESTARTED, "ingest/a")).isInstanceOf(ChildRestartedEvent.class);
			registry.handle("ingest/a", Step.class).run(Step::crash);
			SupervisionApplicationEvent gaveUp = events.awaitEvent(Type.GAVE_UP, "ingest");
			assertThat(gaveUp).isInstanceOf(SupervisorGaveUpEvent.class);
			assertThat(gaveUp.getEvent().detail()).contains("offender=ingest/a");
		}
	}

	@Test
	void rootTreeThatGivesUpIsFailedAndStaysDownWhileTheApplicationRuns() {
		try (ConfigurableApplicationContext context = TestApplications.run(App.class, CHILD + ".id=a",
				CHILD + ".bean=step", "supervision.trees.ingest.intensity=0")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			registry.handle("ingest/a", Step.class).run(Step::crash);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> registry.tree("ingest").orElseThrow().state() == ChildState.FAILED);
			assertThat(context.isActive()).isTrue();
			assertThat(context.getBean(ExitCodes.class).code).isNotDone();
			assertThat(context.getBean("supervisionTree.ingest", org.springframework.context.SmartLifecycle.class)
				.isRunning()).isFalse();
			// An operator brings it back.
			assertThat(registry.restart("ingest").isOk()).isTrue();
			assertThat(registry.tree("ingest").orElseThrow().state()).isEqualTo(ChildState.RUNNING);
		}
	}

	@Test
	void runningTreeIsRestartedByAnOperator() {
		try (ConfigurableApplicationContext context = TestApplications.run(App.class, CHILD + ".id=a",
				CHILD + ".bean=step")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			Journal journal = context.getBean(Journal.class);
			assertThat(registry.restart("ingest").isOk()).isTrue();
			assertThat(registry.tree("ingest").orElseThrow().state()).isEqualTo(ChildState.RUNNING);
			assertThat(journal.entries()).contains("stop ingest/a#1");
			assertThat(registry.restart("nothing").status()).isEqualTo(dev.supervisor.Outcome.Status.NOT_FOUND);
		}
	}

	@Test
	void rootTreeThatGivesUpWithShutdownApplicationClosesTheContextAndExitsWithItsCode() {
		ConfigurableApplicationContext context = TestApplications.run(App.class, CHILD + ".id=a", CHILD + ".bean=step",
				"supervision.trees.ingest.intensity=0", "supervision.trees.ingest.on-give-up=shutdown-application",
				"supervision.trees.ingest.exit-code=3");
		CompletableFuture<Integer> code = context.getBean(ExitCodes.class).code;
		Journal journal = context.getBean(Journal.class);
		context.getBean(SupervisionRegistry.class).handle("ingest/a", Step.class).run(Step::crash);
		assertThat(code).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(3);
		assertThat(context.isActive()).isFalse();
		assertThat(journal.entries()).contains("destroy resource");
	}

	@Test
	void treeRestartedByAnOperatorIsWatchedForItsNextGiveUp(CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApplications.run(App.class, CHILD + ".id=a",
				CHILD + ".bean=step", "supervision.trees.ingest.intensity=0")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			for (int run = 1; run <= 2; run++) {
				if (run > 1) {
					assertThat(registry.restart("ingest").isOk()).isTrue();
				}
				registry.handle("ingest/a", Step.class).run(Step::crash);
				int expected = run;
				await().atMost(Duration.ofSeconds(5))
					.until(() -> output.getOut().split("Supervision tree 'ingest' gave up and is failed", -1).length
							- 1 == expected);
			}
		}
	}

	static class ExitCodes {

		final CompletableFuture<Integer> code = new CompletableFuture<>();

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(StepBeans.class)
	static class App {

		@Bean
		ExitCodes exitCodes() {
			return new ExitCodes();
		}

		@Bean
		SupervisionExitHandler exitHandler(ExitCodes exitCodes) {
			return exitCodes.code::complete;
		}

	}

}
