package dev.supervisor.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.supervisor.SupervisionEvent.Type;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.event.ChildExitedEvent;
import dev.supervisor.spring.event.ChildRestartedEvent;
import dev.supervisor.spring.event.SupervisionApplicationEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #9 item 6: a listener's failure is logged with the listener named, never silences the
 * other listeners, and never stops supervision.
 */
@ExtendWith(OutputCaptureExtension.class)
class ThrowingListenerIntegrationTests {

	private static final String CHILD = "supervision.trees.ingest.children[0]";

	@Test
	void aThrowingEventListenerIsLoggedByNameAndTheNextOneStillGetsEveryEvent(CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApplications.run(App.class, CHILD + ".id=a",
				CHILD + ".bean=step")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			registry.handle("ingest/a", Step.class).run(Step::crash);
			Recorder recorder = context.getBean(Recorder.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> recorder.events.stream().anyMatch(ChildRestartedEvent.class::isInstance));
			assertThat(recorder.events).hasExactlyElementsOfTypes(ChildExitedEvent.class, ChildRestartedEvent.class);
			assertThat(registry.find("ingest/a").orElseThrow().incarnation()).as("supervision went on").isEqualTo(2);
			await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("listener failed on exit"));
			assertThat(output.getOut()).contains("WARN")
				.contains("Supervision event listener")
				.contains(Throwing.class.getName() + ".onExit(")
				.contains("java.lang.IllegalStateException: listener failed on exit");
		}
	}

	@Test
	void aListenerBeanThatThrowsAnErrorNeverKeepsTheOthersFromAnEvent(CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApplications.run(App.class, CHILD + ".id=a",
				CHILD + ".bean=step")) {
			context.getBean(SupervisionRegistry.class).handle("ingest/a", Step.class).run(Step::crash);
			// The shared Events bean listens too (any order): it sees the restart.
			context.getBean(Events.class).awaitEvent(Type.RESTARTED, "ingest/a");
			await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("assertion in a listener"));
			assertThat(output.getOut()).contains(Erroneous.class.getName());
		}
	}

	static class Throwing {

		@EventListener
		@Order(1)
		void onExit(ChildExitedEvent event) {
			throw new IllegalStateException("listener failed on exit");
		}

	}

	static class Recorder {

		final List<SupervisionApplicationEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		@Order(2)
		void on(SupervisionApplicationEvent event) {
			if (event instanceof ChildExitedEvent || event instanceof ChildRestartedEvent) {
				this.events.add(event);
			}
		}

	}

	static class Erroneous implements ApplicationListener<ChildExitedEvent> {

		@Override
		public void onApplicationEvent(ChildExitedEvent event) {
			throw new AssertionError("assertion in a listener");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(StepBeans.class)
	static class App {

		@Bean
		Throwing throwing() {
			return new Throwing();
		}

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

		@Bean
		Erroneous erroneous() {
			return new Erroneous();
		}

	}

}
