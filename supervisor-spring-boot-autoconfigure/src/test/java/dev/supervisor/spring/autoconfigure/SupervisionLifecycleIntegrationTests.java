package dev.supervisor.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.supervisor.ExitReason;
import dev.supervisor.Outcome;
import dev.supervisor.SupervisionEvent;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.event.SupervisionApplicationEvent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Trees in a real application context: ordered start, reverse-order stop with per-child
 * timeouts on close, and nothing left running afterwards.
 */
@ExtendWith(OutputCaptureExtension.class)
class SupervisionLifecycleIntegrationTests {

	private static final String[] THREE_STEPS = { "supervision.trees.ingest.children[0].id=first",
			"supervision.trees.ingest.children[0].bean=step", "supervision.trees.ingest.children[1].id=second",
			"supervision.trees.ingest.children[1].bean=step", "supervision.trees.ingest.children[2].id=third",
			"supervision.trees.ingest.children[2].bean=step" };

	@Test
	void treeStartsChildrenInOrderAndContextCloseStopsThemInReverseOrder() {
		Journal journal;
		try (ConfigurableApplicationContext context = TestApplications.run(App.class, THREE_STEPS)) {
			journal = context.getBean(Journal.class);
			// Workers record their own start on their own threads: the supervisor's
			// reports give the order.
			assertThat(context.getBean(Events.class).all())
				.filteredOn((event) -> event.getType() == SupervisionEvent.Type.STARTED)
				.extracting(SupervisionApplicationEvent::getPath)
				.containsExactly("ingest/first", "ingest/second", "ingest/third", "ingest");
		}
		assertThat(journal.matching("stop ")).containsExactly("stop ingest/third#1", "stop ingest/second#1",
				"stop ingest/first#1");
		// Each prototype incarnation is destroyed once it has stopped, before the beans
		// it uses.
		assertThat(journal.indexOf("destroy ingest/first#1")).isGreaterThan(journal.indexOf("stop ingest/first#1"))
			.isLessThan(journal.indexOf("destroy resource"));
	}

	@Test
	void treesStartInDeclarationOrderAndStopInReverseBelowTheWebServerPhase() {
		Journal journal;
		try (ConfigurableApplicationContext context = TestApplications.run(App.class, "spring.config.name=two-trees")) {
			journal = context.getBean(Journal.class);
			assertThat(context.getBean(Events.class).all())
				.filteredOn((event) -> event.getType() == SupervisionEvent.Type.STARTED)
				.extracting(SupervisionApplicationEvent::getPath)
				.as("a tree has started all its children before the next tree starts")
				.containsExactly("zeta/z", "zeta", "alpha/a", "alpha");
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			assertThat(registry.phase("zeta")).contains(SmartLifecycle.DEFAULT_PHASE - 4096 - 1);
			assertThat(registry.phase("alpha")).contains(SmartLifecycle.DEFAULT_PHASE - 4096);
			assertThat(context.getBean("supervisionTree.alpha", SmartLifecycle.class).getPhase())
				.isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048);
		}
		assertThat(journal.matching("stop ")).containsExactly("stop alpha/a#1", "stop zeta/z#1");
	}

	@Test
	void treesStartWithLazyInitialization() {
		try (ConfigurableApplicationContext context = TestApplications.run(App.class,
				"spring.main.lazy-initialization=true", "supervision.trees.ingest.children[0].id=first",
				"supervision.trees.ingest.children[0].bean=step")) {
			assertThat(context.getBean(Events.class).awaitEvent(SupervisionEvent.Type.STARTED, "ingest/first"))
				.isNotNull();
		}
	}

	@Test
	void childWithTwoSecondsOfCleanupAndFiveSecondTimeoutFinishesItsCleanup() {
		Journal journal;
		Events events;
		try (ConfigurableApplicationContext context = TestApplications.run(App.class,
				"supervision.trees.ingest.children[0].id=slow", "supervision.trees.ingest.children[0].bean=slowStep",
				"supervision.trees.ingest.children[0].shutdown=5s")) {
			journal = context.getBean(Journal.class);
			events = context.getBean(Events.class);
		}
		assertThat(journal.entries()).contains("cleaned ingest/slow#1")
			.doesNotContain("cleanup interrupted ingest/slow#1");
		assertThat(journal.indexOf("cleaned ingest/slow#1")).isLessThan(journal.indexOf("destroy resource"));
		assertThat(events.of(SupervisionEvent.Type.STOPPED, "ingest/slow")).singleElement()
			.satisfies((event) -> assertThat(event.getReason().kind()).isEqualTo(ExitReason.Kind.SHUTDOWN));
	}

	@Test
	void childOverItsTimeoutIsReportedKilledAndContextCloseStillCompletes(CapturedOutput output) {
		Events events;
		long closing;
		ConfigurableApplicationContext context = TestApplications.run(App.class,
				"supervision.trees.ingest.children[0].id=stubborn",
				"supervision.trees.ingest.children[0].bean=stubbornStep",
				"supervision.trees.ingest.children[0].shutdown=300ms");
		events = context.getBean(Events.class);
		closing = System.nanoTime();
		context.close();
		Duration took = Duration.ofNanos(System.nanoTime() - closing);
		assertThat(context.isActive()).isFalse();
		// Its cleanup takes 5 s and ignores interrupts: close does not wait for it.
		assertThat(took).isLessThan(Duration.ofSeconds(4));
		assertThat(events.of(SupervisionEvent.Type.STOPPED, "ingest/stubborn")).singleElement()
			.satisfies((event) -> assertThat(event.getReason().kind()).isEqualTo(ExitReason.Kind.KILLED));
		// The shutdown report reaches the application's log (the demo's SIGTERM test checks the
		// same on a real process, where the JDK logging bridge is gone by then).
		assertThat(output).contains("supervisor report: event=stopped path=ingest/stubborn incarnation=1 reason=killed");
	}

	@Test
	void infinityChildIsAwaitedBeforeTheBeansItUsesAreDestroyed() {
		Journal journal;
		// Spring stops waiting for the phase after 200 ms; the tree's beans must still
		// outlive it.
		try (ConfigurableApplicationContext context = TestApplications.run(App.class,
				"spring.lifecycle.timeout-per-shutdown-phase=200ms", "supervision.trees.ingest.children[0].id=patient",
				"supervision.trees.ingest.children[0].bean=slowStep",
				"supervision.trees.ingest.children[0].shutdown=infinity")) {
			journal = context.getBean(Journal.class);
		}
		assertThat(journal.entries()).contains("cleaned ingest/patient#1");
		assertThat(journal.indexOf("cleaned ingest/patient#1")).isLessThan(journal.indexOf("destroy resource"));
	}

	@Test
	void dynamicChildrenAreAllStoppedAndAwaitedOnClose() {
		Journal journal;
		try (ConfigurableApplicationContext context = TestApplications.run(App.class,
				"supervision.trees.ingest.children[0].id=buckets", "supervision.trees.ingest.children[0].type=dynamic",
				"supervision.trees.ingest.children[0].max-children=10",
				"supervision.trees.ingest.children[0].template.bean=briefStep",
				"supervision.trees.ingest.children[0].template.shutdown=2s")) {
			journal = context.getBean(Journal.class);
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			for (int i = 0; i < 5; i++) {
				Outcome outcome = registry.supervisor("ingest/buckets").startDynamicChild("b" + i, null);
				assertThat(outcome.isOk()).as(outcome.message()).isTrue();
			}
		}
		List<String> cleaned = journal.matching("cleaned ");
		assertThat(cleaned).containsExactlyInAnyOrder("cleaned ingest/buckets/b0#1", "cleaned ingest/buckets/b1#1",
				"cleaned ingest/buckets/b2#1", "cleaned ingest/buckets/b3#1", "cleaned ingest/buckets/b4#1");
		assertThat(journal.indexOf("destroy resource")).isGreaterThan(journal.indexOf(cleaned.get(cleaned.size() - 1)));
	}

	@Test
	void noSupervisedThreadSurvivesTheContext() {
		try (ConfigurableApplicationContext context = TestApplications.run(App.class,
				"supervision.trees.ingest.children[0].id=first", "supervision.trees.ingest.children[0].bean=step",
				"supervision.trees.ingest.children[1].id=nested",
				"supervision.trees.ingest.children[1].children[0].id=inner",
				"supervision.trees.ingest.children[1].children[0].bean=slowStep",
				"supervision.trees.ingest.children[2].id=buckets",
				"supervision.trees.ingest.children[2].template.bean=briefStep")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			registry.supervisor("ingest/buckets").startDynamicChild("b1", null);
			registry.supervisor("ingest/buckets").startDynamicChild("b2", null);
			assertThat(supervisedThreads()).isNotEmpty();
		}
		// A thread ends just after it reported its end: give it a moment, never more.
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(supervisedThreads()).isEmpty());
	}

	private static List<String> supervisedThreads() {
		Set<Thread> threads = Thread.getAllStackTraces().keySet();
		return threads.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith("ingest"))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(StepBeans.class)
	static class App {

		@Bean
		@Scope("prototype")
		Step briefStep(Journal journal, Resource resource) {
			return new Step(journal, Duration.ofMillis(300), false);
		}

		@Bean
		@Scope("prototype")
		Step slowStep(Journal journal, Resource resource) {
			return new Step(journal, Duration.ofSeconds(2), false);
		}

		@Bean
		@Scope("prototype")
		Step stubbornStep(Journal journal, Resource resource) {
			return new Step(journal, Duration.ofSeconds(5), true);
		}

	}

}
