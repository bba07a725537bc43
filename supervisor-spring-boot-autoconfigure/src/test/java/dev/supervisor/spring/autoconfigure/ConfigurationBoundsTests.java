package dev.supervisor.spring.autoconfigure;

import java.util.Map;

import dev.supervisor.ChildKind;
import dev.supervisor.StaticSupervisorSpec;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.assembly.ConfigurationProblem;
import dev.supervisor.spring.autoconfigure.actuate.SupervisionEndpointAutoConfiguration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values that bind but are wrong, and values of the wrong shape, fail start-up with
 * their property, value, origin (file and line) and a concrete fix, every problem at
 * once: durations longer than a year, zero intervals, sizes and counts beyond their
 * bounds, exit statuses beyond 0..255, lists written as mappings (and the reverse), ids
 * with a '/', scalars where a mapping is due.
 */
class ConfigurationBoundsTests {

	private static final String A = "supervision.trees.ingest.children[0]";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SupervisionAutoConfiguration.class))
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withUserConfiguration(StrictConfigurationTests.Beans.class);

	@Test
	void everyDurationLongerThanAYearFailsStartUpWithItsOriginAndTheBound() {
		Map<String, ConfigurationProblem> problems = problems("long-durations.yml");
		assertThat(problems).containsOnlyKeys("supervision.handles.wait-timeout", "supervision.trees.ingest.period",
				A + ".shutdown", A + ".backoff.max", A + ".backoff.reset-after", A + ".delay-on-max-intensity");
		assertOrigin(problems.get("supervision.handles.wait-timeout"), 4);
		assertOrigin(problems.get("supervision.trees.ingest.period"), 7);
		assertOrigin(problems.get(A + ".shutdown"), 11);
		assertOrigin(problems.get(A + ".backoff.max"), 12);
		assertOrigin(problems.get(A + ".delay-on-max-intensity"), 13);
		assertThat(problems.get(A + ".shutdown").value()).isEqualTo("1000000d");
		assertThat(problems.values()).allSatisfy((problem) -> {
			assertThat(problem.reason()).contains("365d").contains("(was ");
			assertThat(problem.action()).contains("at most 365d");
		});
	}

	@Test
	void tooLongADurationIsAFailureAnalysisNotAStackTrace() {
		FailureAnalysis analysis = FailureAnalyses.of(startupFailure("long-durations.yml"));
		assertThat(analysis.getDescription()).contains("6 problems")
			.contains("Property: supervision.trees.ingest.period")
			.contains("Value: \"1000000d\"")
			.contains("long-durations.yml] - 7:");
		assertThat(analysis.getAction()).contains("supervision.trees.ingest.period: Use");
	}

	@Test
	void listWrittenAsAMappingFailsStartUpInsteadOfDroppingTheTree() {
		Map<String, ConfigurationProblem> problems = problems("children-as-mapping.yml");
		assertThat(problems).containsOnlyKeys("supervision.trees.x.children");
		ConfigurationProblem problem = problems.get("supervision.trees.x.children");
		assertThat(problem.reason()).contains("'children' is a list, but it is written as a mapping (with the key 'a')");
		assertThat(problem.action()).contains("- id: a");
		assertOrigin(problem, 7);
	}

	@Test
	void mappingWrittenAsAListFailsStartUp() {
		Map<String, ConfigurationProblem> problems = problems("trees-as-list.yml");
		assertThat(problems).containsKey("supervision.trees");
		assertThat(problems.get("supervision.trees").reason()).contains("is a mapping of names to values, but it is "
				+ "written as a list");
		assertThat(String.valueOf(problems.get("supervision.trees").origin())).contains("trees-as-list.yml]");
	}

	@Test
	void idsAreValidatedAsWrittenWithTheirOrigin() {
		Map<String, ConfigurationProblem> problems = problems("ids-with-slashes.yml");
		assertThat(problems).containsOnlyKeys("supervision.trees.x.children[0].id", "supervision.trees.x.children[1].id");
		assertThat(problems.get("supervision.trees.x.children[0].id").reason()).contains("invalid id '../x'");
		assertThat(problems.get("supervision.trees.x.children[1].id").reason()).contains("invalid id 'a/b'");
		assertThat(problems.get("supervision.trees.x.children[1].id").value()).isEqualTo("a/b");
		assertOrigin(problems.get("supervision.trees.x.children[0].id"), 6);
		assertOrigin(problems.get("supervision.trees.x.children[1].id"), 7);
	}

	@Test
	void intervalsWhereZeroMakesNoSenseMustBePositive() {
		Map<String, ConfigurationProblem> problems = problems("zero-intervals.yml");
		assertThat(problems).containsOnlyKeys("supervision.lifecycle.liveness-interval", "supervision.console.heartbeat",
				"supervision.cluster.heartbeat", "supervision.cluster.lock-ttl");
		assertThat(problems.values()).allSatisfy((problem) -> {
			assertThat(problem.reason()).startsWith("must be a positive duration");
			assertThat(problem.action()).startsWith("Use a positive duration such as");
		});
		assertOrigin(problems.get("supervision.lifecycle.liveness-interval"), 4);
	}

	@Test
	void sizesCountsAndExitCodesHaveBoundsAllReportedAtOnce() {
		Map<String, ConfigurationProblem> problems = problems("sizes.yml");
		assertThat(problems).containsOnlyKeys("supervision.history.size", "supervision.console.max-clients",
				"supervision.console.client-buffer", "supervision.handles.max-waiting", "supervision.cluster.partitions",
				"supervision.trees.x.exit-code", "supervision.trees.y.exit-code");
		assertThat(problems.get("supervision.history.size").reason()).isEqualTo("must be at most 10000 (was 2147483647)");
		assertThat(problems.get("supervision.console.max-clients").reason()).isEqualTo("must be at least 1 (was 0)");
		assertThat(problems.get("supervision.trees.x.exit-code").reason()).isEqualTo("must be at most 255 (was 300)");
		assertThat(problems.get("supervision.trees.x.exit-code").action()).isEqualTo("Use a number from 0 to 255, such as 1");
		assertThat(problems.get("supervision.trees.y.exit-code").reason()).isEqualTo("must be at least 0 (was -1)");
		assertOrigin(problems.get("supervision.trees.x.exit-code"), 14);
	}

	@Test
	void valuesThatCannotBeBoundAreNamedWithTheirValueOriginAndAConcreteFix() {
		Map<String, ConfigurationProblem> problems = problems("unbindable-values.yml");
		assertThat(problems).containsKeys("supervision.trees.x.children[0].shutdown",
				"supervision.trees.x.children[0].backoff", "supervision.trees.y", "supervision.trees.z.children[0]");
		ConfigurationProblem shutdown = problems.get("supervision.trees.x.children[0].shutdown");
		assertThat(String.valueOf(shutdown.value())).isEqualTo("5");
		assertThat(shutdown.reason()).isEqualTo("'5' is not a shutdown");
		assertThat(shutdown.action()).contains("use 5ms or 5s");
		assertOrigin(shutdown, 8);
		ConfigurationProblem backoff = problems.get("supervision.trees.x.children[0].backoff");
		assertThat(backoff.reason()).isEqualTo("'fast' is a single value, but 'backoff' is a mapping of keys");
		assertThat(backoff.action()).contains("backoff: { initial: 100ms, max: 30s }");
		assertOrigin(backoff, 9);
		ConfigurationProblem tree = problems.get("supervision.trees.y");
		assertThat(tree.reason()).isEqualTo("'5' is a single value, but tree 'y' is a mapping of keys");
		assertOrigin(tree, 10);
		ConfigurationProblem child = problems.get("supervision.trees.z.children[0]");
		assertThat(child.reason()).isEqualTo("'factConsumer' is a single value, but a child is a mapping of keys");
		assertThat(child.action()).contains("{ id: factConsumer, bean: factConsumer }");
		assertOrigin(child, 12);
		assertThat(problems.values()).allSatisfy((problem) -> {
			assertThat(problem.reason()).doesNotContain("null");
			assertThat(problem.action()).doesNotContain("as the reason says");
		});
	}

	@Test
	void bindingAndAssemblyProblemsAreReportedAtOnce() {
		Map<String, ConfigurationProblem> problems = problems("several-problems.yml");
		assertThat(problems).containsOnlyKeys("supervision.trees.x.strategy", "supervision.trees.x.children[0].restart",
				"supervision.trees.x.children[1].bean");
		assertThat(problems.get("supervision.trees.x.strategy").action()).contains("one-for-one");
		assertThat(problems.get("supervision.trees.x.children[0].restart").reason())
			.isEqualTo("'sometimes' is not one of permanent, transient, temporary, intrinsic");
	}

	@Test
	void endpointLimitsAreReportedAtOnce() {
		Throwable[] failure = new Throwable[1];
		this.runner.withConfiguration(AutoConfigurations.of(SupervisionEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoint.supervision.max-nodes=0",
					"management.endpoint.supervision.max-concurrent-snapshots=-1")
			.run((context) -> {
				assertThat(context).hasFailed();
				failure[0] = context.getStartupFailure();
			});
		assertThat(ConfigurationFailures.byProperty(failure[0])).containsOnlyKeys("management.endpoint.supervision.max-nodes",
				"management.endpoint.supervision.max-concurrent-snapshots");
		assertThat(FailureAnalyses.of(failure[0]).getDescription()).contains("2 problems");
	}

	@Test
	void emptyNestedSupervisorIsLegalAsAnEmptyRootIs() {
		this.runner.withPropertyValues("spring.config.location=classpath:bounds/empty-nested-supervisor.yml")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
				assertThat(registry.definition("root-empty")).isPresent();
				StaticSupervisorSpec x = (StaticSupervisorSpec) registry.definition("x").orElseThrow().spec();
				assertThat(x.children().get(0).kind()).isEqualTo(ChildKind.SUPERVISOR);
				assertThat(((StaticSupervisorSpec) x.children().get(0).supervisor()).children()).isEmpty();
			});
	}

	private static void assertOrigin(ConfigurationProblem problem, int line) {
		assertThat(String.valueOf(problem.origin())).as("origin of %s", problem.property())
			.contains(".yml]")
			.contains(" - " + line + ":");
	}

	private Map<String, ConfigurationProblem> problems(String file) {
		return ConfigurationFailures.problems(this.runner, "spring.config.location=classpath:bounds/" + file);
	}

	private Throwable startupFailure(String file) {
		return ConfigurationFailures.startupFailure(this.runner, "spring.config.location=classpath:bounds/" + file);
	}

}
