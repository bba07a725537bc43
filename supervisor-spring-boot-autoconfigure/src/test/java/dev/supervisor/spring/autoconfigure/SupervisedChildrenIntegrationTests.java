package dev.supervisor.spring.autoconfigure;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Objects;

import dev.supervisor.ChildContext;
import dev.supervisor.ChildSpec;
import dev.supervisor.ChildState;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.Threads;
import dev.supervisor.Worker;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.assembly.SupervisedChild;
import dev.supervisor.spring.handle.ChildHandle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
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
 * Children made from beans: their kind from the bean's type, a fresh autowired instance
 * per incarnation, singletons restarted in place, and the three ways to declare them.
 */
@ExtendWith(OutputCaptureExtension.class)
class SupervisedChildrenIntegrationTests {

	private static final String CHILD = "supervision.trees.ingest.children[0]";

	@Test
	void crashOfAPrototypeChildGivesAFreshInstanceAndDestroysTheOldOne() {
		try (ConfigurableApplicationContext context = TestApplications.run(App.class, CHILD + ".id=a",
				CHILD + ".bean=step")) {
			Journal journal = context.getBean(Journal.class);
			ChildHandle<Step> handle = context.getBean(SupervisionRegistry.class).handle("ingest/a", Step.class);
			Step first = handle.call((step) -> step);
			first.crash();
			journal.awaitEntry("start ingest/a#2");
			Step second = handle.call((step) -> step);
			assertThat(second).isNotSameAs(first);
			journal.awaitEntry("destroy ingest/a#1");
			assertThat(journal.indexOf("destroy ingest/a#1")).isGreaterThan(journal.indexOf("crash ingest/a#1"));
		}
	}

	@Test
	void classChildIsAFullyAutowiredInstancePerIncarnationDestroyedWhenItEnds() {
		try (ConfigurableApplicationContext context = TestApplications.run(App.class, CHILD + ".id=a",
				CHILD + ".class=" + AutowiredStep.class.getName())) {
			Journal journal = context.getBean(Journal.class);
			ChildHandle<AutowiredStep> handle = context.getBean(SupervisionRegistry.class)
				.handle("ingest/a", AutowiredStep.class);
			AutowiredStep first = handle.call((step) -> step);
			assertThat(first.resource).isSameAs(context.getBean(Resource.class));
			assertThat(journal.entries()).contains("initialized ingest/a");
			first.crash();
			journal.awaitEntry("start ingest/a#2");
			AutowiredStep second = handle.call((step) -> step);
			assertThat(second).isNotSameAs(first);
			journal.awaitEntry("destroy ingest/a#1");
			assertThat(journal.matching("initialized ")).hasSize(2);
		}
	}

	@Test
	void singletonChildIsStoppedAndStartedAgainAndTheStarterSaysSoAtStartUp(CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApplications.run(App.class, CHILD + ".id=a",
				CHILD + ".bean=singletonStep")) {
			assertThat(output).contains("Supervised child 'ingest/a' is the singleton bean 'singletonStep'",
					"its state survives restarts");
			Journal journal = context.getBean(Journal.class);
			Step step = context.getBean("singletonStep", Step.class);
			step.crash();
			journal.awaitEntry("start ingest/a#2");
			Step current = context.getBean(SupervisionRegistry.class).handle("ingest/a", Step.class).call((s) -> s);
			assertThat(current).isSameAs(step);
			assertThat(journal.entries()).doesNotContain("destroy ingest/a#1");
		}
	}

	@Test
	void lifecycleBeanIsAServiceWhoseStartAndStopTheSupervisorTakesOver() {
		Journal journal;
		try (ConfigurableApplicationContext context = TestApplications.run(App.class, CHILD + ".id=gate",
				CHILD + ".bean=gate")) {
			journal = context.getBean(Journal.class);
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			assertThat(registry.find("ingest/gate").map(NodeSnapshot::kind)).contains(dev.supervisor.ChildKind.SERVICE);
			Gate gate = registry.handle("ingest/gate", Gate.class).call((g) -> g);
			assertThat(gate.isRunning()).isTrue();
			assertThat(journal.matching("gate ")).containsExactly("gate started");
		}
		// Stopped once, by its supervisor, through stop(Runnable).
		assertThat(journal.matching("gate ")).containsExactly("gate started", "gate stopped");
	}

	@Test
	void runnableBeanIsAWorker() {
		try (ConfigurableApplicationContext context = TestApplications.run(App.class, CHILD + ".id=loop",
				CHILD + ".bean=loop")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			assertThat(registry.find("ingest/loop").map(NodeSnapshot::kind)).contains(dev.supervisor.ChildKind.WORKER);
			assertThat(registry.find("ingest/loop").map(NodeSnapshot::state)).contains(ChildState.RUNNING);
		}
	}

	@Test
	void propertiesJavaAndAnnotationsMergeIntoOneModel() {
		try (ConfigurableApplicationContext context = TestApplications.run(Declarations.class, CHILD + ".id=a",
				CHILD + ".bean=step")) {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			assertThat(registry.trees()).extracting((tree) -> tree.name()).containsExactly("ingest", "jobs");
			assertThat(childIds(registry.find("ingest").orElseThrow())).containsExactly("a", "first", "annotated",
					"component");
			assertThat(childIds(registry.find("jobs").orElseThrow())).containsExactly("java", "spec");
			assertThat(registry.definition("ingest").orElseThrow().originOf("ingest/annotated"))
				.isEqualTo("@SupervisedChild on bean 'annotated'");
			assertThat(registry.find("ingest/annotated").orElseThrow().shutdown().toString()).isEqualTo("2s");
			assertThat(registry.find("ingest/annotated").orElseThrow().restart())
				.isEqualTo(dev.supervisor.RestartType.TRANSIENT);
			for (String path : new String[] { "ingest/a", "ingest/first", "ingest/annotated", "ingest/component",
					"jobs/java", "jobs/spec" }) {
				assertThat(registry.find(path).map(NodeSnapshot::state)).as(path).contains(ChildState.RUNNING);
			}
		}
	}

	@Test
	void workersRunOnVirtualThreadsWhenEnabledOnJava21OrLater() throws Exception {
		try (ConfigurableApplicationContext context = TestApplications.run(App.class,
				"spring.threads.virtual.enabled=true", CHILD + ".id=a", CHILD + ".bean=threadRecorder")) {
			ThreadRecorder recorder = context.getBean(SupervisionRegistry.class)
				.handle("ingest/a", ThreadRecorder.class)
				.call((r) -> r);
			await().atMost(Duration.ofSeconds(5)).until(() -> recorder.thread != null);
			// Virtual threads exist from Java 21 on; on Java 17 the same setting keeps
			// platform threads.
			assertThat(isVirtual(recorder.thread)).isEqualTo(Threads.virtualAvailable());
			assertThat(recorder.thread.getName()).isEqualTo("ingest/a#1");
		}
	}

	@Test
	void workersRunOnPlatformThreadsByDefault() throws Exception {
		try (ConfigurableApplicationContext context = TestApplications.run(App.class, CHILD + ".id=a",
				CHILD + ".bean=threadRecorder")) {
			ThreadRecorder recorder = context.getBean(SupervisionRegistry.class)
				.handle("ingest/a", ThreadRecorder.class)
				.call((r) -> r);
			await().atMost(Duration.ofSeconds(5)).until(() -> recorder.thread != null);
			assertThat(isVirtual(recorder.thread)).isFalse();
		}
	}

	@Test
	void treeThatMayStopSlowerThanTheShutdownPhaseIsAWarningNamingItsChildren(CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApplications.run(App.class,
				"spring.lifecycle.timeout-per-shutdown-phase=1s", CHILD + ".id=a", CHILD + ".bean=step",
				CHILD + ".shutdown=800ms", "supervision.trees.ingest.children[1].id=b",
				"supervision.trees.ingest.children[1].bean=step", "supervision.trees.ingest.children[1].shutdown=700ms",
				"supervision.trees.other.children[0].id=sub", "supervision.trees.other.children[0].children[0].id=c",
				"supervision.trees.other.children[0].children[0].bean=step",
				"supervision.trees.other.children[0].children[0].shutdown=infinity")) {
			assertThat(output).contains("Supervision tree 'ingest' may take up to 1500ms to stop, longer than "
					+ "spring.lifecycle.timeout-per-shutdown-phase (1s): its children stop one after another: "
					+ "ingest/a 800ms, ingest/b 700ms");
			assertThat(output).contains(
					"Supervision tree 'other' may never finish stopping: other/sub/c have " + "shutdown infinity");
			assertThat(context.isActive()).isTrue();
		}
	}

	private static boolean isVirtual(Thread thread) throws Exception {
		if (!Threads.virtualAvailable()) {
			return false;
		}
		Method isVirtual = Thread.class.getMethod("isVirtual");
		return (boolean) isVirtual.invoke(thread);
	}

	private static java.util.List<String> childIds(NodeSnapshot node) {
		return Objects.requireNonNull(node.supervisor()).children().stream().map(NodeSnapshot::id).toList();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		Journal journal() {
			return new Journal();
		}

		@Bean
		Resource resource(Journal journal) {
			return new Resource(journal);
		}

		@Bean
		@Scope("prototype")
		Step step(Journal journal) {
			return new Step(journal);
		}

		@Bean
		Step singletonStep(Journal journal) {
			return new Step(journal);
		}

		@Bean
		@Scope("prototype")
		Gate gate(Journal journal) {
			return new Gate(journal);
		}

		@Bean
		@Scope("prototype")
		Runnable loop() {
			return Idle.untilInterrupted();
		}

		@Bean
		@Scope("prototype")
		ThreadRecorder threadRecorder() {
			return new ThreadRecorder();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ App.class, AnnotatedComponent.class })
	static class Declarations {

		@Bean
		SupervisorSpec jobs(Journal journal) {
			return SupervisorSpec.oneForOne(ChildSpec.worker("java", (context) -> new Step(journal)));
		}

		@Bean
		@SupervisedChild(supervisor = "jobs")
		ChildSpec specChild(Journal journal) {
			return ChildSpec.worker("spec", (context) -> new Step(journal));
		}

		@Bean
		@Scope("prototype")
		@SupervisedChild(supervisor = "ingest", restart = dev.supervisor.RestartType.TRANSIENT, shutdown = "2s",
				order = 1)
		Step annotated(Journal journal) {
			return new Step(journal);
		}

		@Bean
		@Scope("prototype")
		@SupervisedChild(supervisor = "ingest", id = "first", order = -1)
		Step early(Journal journal) {
			return new Step(journal);
		}

	}

	/** Declared on the class of a component. */
	@SupervisedChild(supervisor = "ingest", id = "component", order = 2)
	@Scope("prototype")
	static class AnnotatedComponent extends Step {

		AnnotatedComponent(Journal journal) {
			super(journal);
		}

	}

	/** A class child: constructor and setter injection, init and destroy callbacks. */
	public static class AutowiredStep extends Step implements InitializingBean {

		private final Journal journal;

		Resource resource;

		public AutowiredStep(Journal journal) {
			super(journal);
			this.journal = journal;
		}

		@Autowired
		public void setResource(Resource resource) {
			this.resource = resource;
		}

		@Override
		public void afterPropertiesSet() {
			this.journal.add("initialized ingest/a");
		}

	}

	/** A Spring lifecycle: started and stopped by its supervisor, never by Spring. */
	static class Gate implements SmartLifecycle, DisposableBean {

		private final Journal journal;

		private volatile boolean running;

		Gate(Journal journal) {
			this.journal = journal;
		}

		@Override
		public void start() {
			this.running = true;
			this.journal.add("gate started");
		}

		@Override
		public void stop() {
			this.running = false;
			this.journal.add("gate stopped");
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public void destroy() {
		}

	}

	/** Records the thread it runs on. */
	static class ThreadRecorder implements Worker {

		volatile Thread thread;

		@Override
		public void run(ChildContext context) throws InterruptedException {
			this.thread = Thread.currentThread();
			new java.util.concurrent.CountDownLatch(1).await();
		}

	}

}
