package dev.supervisor.spring.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import dev.supervisor.ChildContext;
import dev.supervisor.ChildSpec;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.Worker;
import dev.supervisor.spring.assembly.SupervisedChild;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad configuration fails start-up with a failure analysis that names the property and
 * says the fix. Every analysis goes through the analyzers registered in
 * {@code spring.factories}, as Spring Boot runs them.
 */
class SupervisionFailureAnalysisTests {

	private static final String CHILD = "supervision.trees.ingest.children[0]";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SupervisionAutoConfiguration.class))
		.withUserConfiguration(Beans.class);

	@Test
	void unknownStrategyIsReportedWithTheStrategiesInKebabCase() {
		FailureAnalysis analysis = analyze("supervision.trees.ingest.strategy=one-for-none", CHILD + ".id=a",
				CHILD + ".bean=worker");
		assertThat(analysis.getDescription()).contains("Property: supervision.trees.ingest.strategy")
			.contains("Value: \"one-for-none\"")
			.contains("Origin: ")
			.contains("'one-for-none' is not one of one-for-one, one-for-all, rest-for-one");
		assertThat(analysis.getAction()).contains("Did you mean 'one-for-one'?")
			.contains("Use one of: one-for-one, one-for-all, rest-for-one")
			.doesNotContain("ONE_FOR_ONE");
	}

	@Test
	void unknownRestartTypeIsReportedWithTheRestartTypesInKebabCase() {
		FailureAnalysis analysis = analyze(CHILD + ".id=a", CHILD + ".bean=worker", CHILD + ".restart=TRANSIENTLY");
		assertThat(analysis.getDescription()).contains("Property: " + CHILD + ".restart").contains("TRANSIENTLY");
		assertThat(analysis.getAction()).contains("Did you mean 'transient'?")
			.contains("Use one of: permanent, transient, temporary, intrinsic")
			.doesNotContain("PERMANENT");
	}

	@Test
	void duplicateIdsAmongSiblings() {
		FailureAnalysis analysis = analyze(CHILD + ".id=a", CHILD + ".bean=worker",
				"supervision.trees.ingest.children[1].id=a", "supervision.trees.ingest.children[1].bean=worker");
		assertThat(analysis.getDescription()).contains("Property: supervision.trees.ingest.children[1].id")
			.contains("duplicate id 'a' under 'ingest'")
			.contains(CHILD);
		assertThat(analysis.getAction()).contains("its own id");
	}

	@Test
	void duplicateIdAcrossPropertiesAndAnnotations() {
		FailureAnalysis analysis = analyze(Annotated.class, CHILD + ".id=annotated", CHILD + ".bean=worker");
		assertThat(analysis.getDescription()).contains("Property: @SupervisedChild on bean 'annotated'")
			.contains("duplicate id 'annotated' under 'ingest'")
			.contains("also declared by " + CHILD);
		assertThat(analysis.getAction()).contains("'id'");
	}

	@Test
	void annotatedChildIdIsValidatedAsWritten() {
		FailureAnalysis analysis = analyze(AnnotatedWithSlash.class, CHILD + ".id=a", CHILD + ".bean=worker");
		assertThat(analysis.getDescription()).contains("Property: @SupervisedChild on bean 'slashed'")
			.contains("invalid id 'x/y'");
		assertThat(analysis.getAction()).contains("Set 'id' of the annotation to one path segment");
	}

	@Test
	void missingBean() {
		FailureAnalysis analysis = analyze(CHILD + ".id=a", CHILD + ".bean=nowhere");
		assertThat(analysis.getDescription()).contains("Property: " + CHILD + ".bean")
			.contains("Value: \"nowhere\"")
			.contains("Origin: ")
			.contains("no bean named 'nowhere'");
		assertThat(analysis.getAction()).contains("Define a bean named 'nowhere'");
	}

	@Test
	void beanOfTheWrongType() {
		FailureAnalysis analysis = analyze(CHILD + ".id=a", CHILD + ".bean=counter");
		assertThat(analysis.getDescription()).contains("Property: " + CHILD + ".bean")
			.contains("bean 'counter' (java.util.concurrent.atomic.AtomicInteger) is not a dev.supervisor.Worker");
		assertThat(analysis.getAction()).contains("Make it implement").contains("Runnable");
	}

	@Test
	void beanOfTheWrongTypeForItsDeclaredType() {
		FailureAnalysis analysis = analyze(CHILD + ".id=a", CHILD + ".bean=worker", CHILD + ".type=service");
		assertThat(analysis.getDescription()).contains("Property: " + CHILD + ".bean")
			.contains("is not a dev.supervisor.Service or an org.springframework.context.Lifecycle (type is service)");
	}

	@Test
	void bothBeanAndClass() {
		FailureAnalysis analysis = analyze(CHILD + ".id=a", CHILD + ".bean=worker",
				CHILD + ".class=" + StepWorker.class.getName());
		assertThat(analysis.getDescription()).contains("Property: " + CHILD + "\n")
			.contains("has both 'bean' (worker) and 'class'");
		assertThat(analysis.getAction()).contains("Keep one");
	}

	@Test
	void neitherBeanNorClass() {
		FailureAnalysis analysis = analyze(CHILD + ".id=a", CHILD + ".restart=transient");
		assertThat(analysis.getDescription()).contains("Property: " + CHILD + "\n")
			.contains("'ingest/a' has neither 'bean' nor 'class'");
		assertThat(analysis.getAction()).contains("Set 'bean' to the name of a bean or 'class' to a class");
	}

	@Test
	void negativeShutdown() {
		FailureAnalysis analysis = analyze(CHILD + ".id=a", CHILD + ".bean=worker", CHILD + ".shutdown=-1s");
		assertThat(analysis.getDescription()).contains("Property: " + CHILD + ".shutdown")
			.contains("Value: \"-1s\"")
			.contains("must be a positive duration");
		assertThat(analysis.getAction()).contains("'infinity' or 'brutal-kill'");
	}

	@Test
	void shutdownThatIsNotADurationInfinityOrBrutalKill() {
		FailureAnalysis analysis = analyze(CHILD + ".id=a", CHILD + ".bean=worker", CHILD + ".shutdown=soon");
		assertThat(analysis.getDescription()).contains("Property: " + CHILD + ".shutdown")
			.contains("Value: \"soon\"")
			.contains("'soon' is not a shutdown");
		assertThat(analysis.getAction()).contains("Use a duration such as 500ms or 10s, 'infinity' or 'brutal-kill'");
	}

	@Test
	void zeroPeriod() {
		FailureAnalysis analysis = analyze("supervision.trees.ingest.period=0s", CHILD + ".id=a",
				CHILD + ".bean=worker");
		assertThat(analysis.getDescription()).contains("Property: supervision.trees.ingest.period")
			.contains("must be a positive duration");
		assertThat(analysis.getAction()).contains("positive duration such as 5s");
	}

	@Test
	void negativeIntensity() {
		FailureAnalysis analysis = analyze("supervision.trees.ingest.intensity=-1", CHILD + ".id=a",
				CHILD + ".bean=worker");
		assertThat(analysis.getDescription()).contains("Property: supervision.trees.ingest.intensity")
			.contains("must be >= 0 (was -1)");
	}

	@Test
	void zeroDurationsOfBackoffAndDelayedRestart() {
		FailureAnalysis analysis = analyze(CHILD + ".id=a", CHILD + ".bean=worker", CHILD + ".backoff.reset-after=0s",
				CHILD + ".delay-on-max-intensity=-2s");
		assertThat(analysis.getDescription()).contains("Property: " + CHILD + ".backoff.reset-after")
			.contains("Property: " + CHILD + ".delay-on-max-intensity")
			.contains("2 problems");
	}

	@Test
	void significantPermanentChild() {
		FailureAnalysis analysis = analyze("supervision.trees.ingest.auto-shutdown=any-significant", CHILD + ".id=a",
				CHILD + ".bean=worker", CHILD + ".significant=true");
		assertThat(analysis.getDescription()).contains("Property: " + CHILD + ".significant")
			.contains("only transient or temporary children can be significant (restart was permanent)");
		assertThat(analysis.getAction()).contains("transient or temporary");
	}

	@Test
	void significantChildrenWithAutoShutdownNever() {
		FailureAnalysis analysis = analyze(CHILD + ".id=a", CHILD + ".bean=worker", CHILD + ".restart=transient",
				CHILD + ".significant=true");
		assertThat(analysis.getDescription()).contains("Property: " + CHILD + ".significant")
			.contains("'ingest' has auto-shutdown never");
		assertThat(analysis.getAction()).contains("auto-shutdown").contains("any-significant or all-significant");
	}

	@Test
	void dynamicSupervisorWithStaticChildren() {
		FailureAnalysis analysis = analyze(CHILD + ".id=pool", CHILD + ".type=dynamic", CHILD + ".template.bean=worker",
				CHILD + ".children[0].id=a", CHILD + ".children[0].bean=worker");
		assertThat(analysis.getDescription()).contains("Property: " + CHILD + ".children")
			.contains("'children' does not apply to child 'ingest/pool', a dynamic supervisor: it is a key of "
					+ "static supervisors");
		assertThat(analysis.getAction()).contains("Remove 'children'");
	}

	@Test
	void dynamicSupervisorWithoutTemplate() {
		FailureAnalysis analysis = analyze(CHILD + ".id=pool", CHILD + ".type=dynamic", CHILD + ".max-children=4");
		assertThat(analysis.getDescription()).contains("Property: " + CHILD + ".template")
			.contains("'ingest/pool' is a dynamic supervisor without a template");
		assertThat(analysis.getAction()).contains("Set 'template'");
	}

	@Test
	void singletonTemplateOfADynamicSupervisor() {
		FailureAnalysis analysis = analyze(CHILD + ".id=pool", CHILD + ".template.bean=singletonWorker");
		assertThat(analysis.getDescription()).contains("Property: " + CHILD + ".template.bean")
			.contains("is a singleton");
		assertThat(analysis.getAction()).contains("@Scope(\"prototype\")");
	}

	@Test
	void classThatCannotBeInstantiated() {
		FailureAnalysis analysis = analyze(CHILD + ".id=a", CHILD + ".class=" + AbstractWorker.class.getName());
		assertThat(analysis.getDescription()).contains("Property: " + CHILD + ".class")
			.contains("cannot be instantiated: it is abstract");
		assertThat(analysis.getAction()).contains("concrete class");
	}

	@Test
	void classThatDoesNotExist() {
		FailureAnalysis analysis = analyze(CHILD + ".id=a", CHILD + ".class=com.example.Missing");
		assertThat(analysis.getDescription()).contains("Property: " + CHILD + ".class")
			.contains("class 'com.example.Missing' was not found");
	}

	@Test
	void smartLifecycleThatSpringStartsItself() {
		FailureAnalysis analysis = analyze(CHILD + ".id=a", CHILD + ".bean=autoStarting");
		assertThat(analysis.getDescription()).contains("Property: " + CHILD + ".bean")
			.contains("isAutoStartup() is true")
			.contains("both would start and stop it");
		assertThat(analysis.getAction()).contains("Return false from isAutoStartup()").contains("prototype");
	}

	@Test
	void smartLifecycleThatSpringWouldStopBeforeItsSupervisor() {
		FailureAnalysis analysis = analyze(CHILD + ".id=a", CHILD + ".bean=manualStarting");
		assertThat(analysis.getDescription()).contains("Property: " + CHILD + ".bean")
			.contains("is a SmartLifecycle in phase " + SmartLifecycle.DEFAULT_PHASE)
			.contains("Spring would stop the supervised child 'ingest/a' before its supervisor does");
		assertThat(analysis.getAction()).contains("Return a phase of at most " + (SmartLifecycle.DEFAULT_PHASE - 4096));
	}

	@Test
	void treeDeclaredInPropertiesAndInJava() {
		FailureAnalysis analysis = analyze(JavaTree.class, CHILD + ".id=a", CHILD + ".bean=worker");
		assertThat(analysis.getDescription()).contains("Property: bean 'ingest'")
			.contains("tree 'ingest' is also declared by supervision.trees.ingest");
		assertThat(analysis.getAction()).contains("another name");
	}

	@Test
	void treeOverItsShutdownBudgetWhenEnforced() {
		FailureAnalysis analysis = analyze("supervision.lifecycle.enforce-shutdown-budget=true",
				"spring.lifecycle.timeout-per-shutdown-phase=10s", CHILD + ".id=a", CHILD + ".bean=worker",
				CHILD + ".shutdown=8s", "supervision.trees.ingest.children[1].id=b",
				"supervision.trees.ingest.children[1].bean=worker", "supervision.trees.ingest.children[1].shutdown=4s");
		assertThat(analysis.getDescription()).contains("Property: supervision.trees.ingest")
			.contains("may take up to 12s to stop, longer than spring.lifecycle.timeout-per-shutdown-phase (10s)")
			.contains("ingest/a 8s, ingest/b 4s");
		assertThat(analysis.getAction()).contains("raise spring.lifecycle.timeout-per-shutdown-phase");
	}

	@Test
	void childThatFailsToStart() {
		FailureAnalysis analysis = analyze(CHILD + ".id=a", CHILD + ".bean=worker",
				"supervision.trees.ingest.children[1].id=broken", "supervision.trees.ingest.children[1].bean=broken");
		assertThat(analysis.getDescription()).startsWith("Supervised child 'ingest/broken' failed to start")
			.contains("broker unreachable");
		assertThat(analysis.getAction()).contains("Fix the start of 'ingest/broken'");
	}

	@Test
	void everyProblemIsReportedAtOnce() {
		FailureAnalysis analysis = analyze(CHILD + ".id=a", CHILD + ".bean=nowhere",
				"supervision.trees.other.children[0].id=b", "supervision.trees.other.children[0].shutdown=-5s",
				"supervision.trees.other.children[0].bean=worker");
		assertThat(analysis.getDescription()).contains("2 problems")
			.contains("Property: " + CHILD + ".bean")
			.contains("Property: supervision.trees.other.children[0].shutdown");
	}

	private FailureAnalysis analyze(String... properties) {
		return analyze(null, properties);
	}

	private FailureAnalysis analyze(Class<?> extra, String... properties) {
		Throwable[] failure = new Throwable[1];
		ApplicationContextRunner runner = (extra != null) ? this.runner.withUserConfiguration(extra) : this.runner;
		runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			failure[0] = context.getStartupFailure();
		});
		return FailureAnalyses.of(failure[0]);
	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		@Scope("prototype")
		StepWorker worker() {
			return new StepWorker();
		}

		@Bean
		StepWorker singletonWorker() {
			return new StepWorker();
		}

		@Bean
		@Scope("prototype")
		StepWorker broken() {
			throw new IllegalStateException("broker unreachable");
		}

		@Bean
		AtomicInteger counter() {
			return new AtomicInteger();
		}

		@Bean
		AutoStarting autoStarting() {
			return new AutoStarting();
		}

		@Bean
		AutoStarting manualStarting() {
			return new AutoStarting() {

				@Override
				public boolean isAutoStartup() {
					return false;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class JavaTree {

		@Bean
		SupervisorSpec ingest() {
			return SupervisorSpec.oneForOne(ChildSpec.worker("w", (context) -> new StepWorker()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Annotated {

		@Bean
		@Scope("prototype")
		@SupervisedChild(supervisor = "ingest")
		StepWorker annotated() {
			return new StepWorker();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AnnotatedWithSlash {

		@Bean
		@Scope("prototype")
		@SupervisedChild(supervisor = "ingest", id = "x/y")
		StepWorker slashed() {
			return new StepWorker();
		}

	}

	public static class StepWorker implements Worker {

		@Override
		public void run(ChildContext context) throws InterruptedException {
			while (!context.stopRequested()) {
				synchronized (this) {
					wait();
				}
			}
		}

	}

	public abstract static class AbstractWorker implements Worker {

	}

	static class AutoStarting implements SmartLifecycle {

		private volatile boolean running;

		@Override
		public void start() {
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

	}

}
