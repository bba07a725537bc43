package dev.supervisor.spring.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.supervisor.ChildKind;
import dev.supervisor.DynamicSupervisorSpec;
import dev.supervisor.Shutdown;
import dev.supervisor.StaticSupervisorSpec;
import dev.supervisor.Strategy;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.assembly.ConfigurationProblem;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Child;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.DynamicSupervisorChild;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.DynamicSupervisorTree;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.SupervisorChild;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.SupervisorTree;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Tree;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.WorkerChild;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configuration that cannot be silently wrong: every key under {@code supervision.} is
 * one the node it is written in has, or start-up fails naming the property, its origin
 * (file and line) and the key that was probably meant; tree names are kept as written or
 * fail; each kind of node accepts its own keys only; shutdowns are typed values.
 */
class StrictConfigurationTests {

	private static final String CHILD = "supervision.trees.ingest.children[0]";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SupervisionAutoConfiguration.class))
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withUserConfiguration(Beans.class);

	@Test
	void misspeltKeysFailStartUpWithTheirOriginAndTheClosestKey() {
		Map<String, ConfigurationProblem> problems = problems("keys/misspelt-keys.yml");
		assertThat(problems).containsOnlyKeys("supervision.handles.wait-timout", "supervision.tress",
				"supervision.trees.ingest.intesity", "supervision.trees.ingest.stratgy", CHILD + ".restrat",
				CHILD + ".shutdwon", CHILD + ".backof");
		assertMisspelt(problems.get("supervision.handles.wait-timout"), "wait-timeout", 4);
		assertMisspelt(problems.get("supervision.tress"), "trees", 7);
		assertMisspelt(problems.get("supervision.trees.ingest.intesity"), "intensity", 10);
		assertMisspelt(problems.get("supervision.trees.ingest.stratgy"), "strategy", 11);
		assertMisspelt(problems.get(CHILD + ".restrat"), "restart", 15);
		assertMisspelt(problems.get(CHILD + ".shutdwon"), "shutdown", 16);
		assertMisspelt(problems.get(CHILD + ".backof"), "backoff", 17);
		assertThat(problems.get("supervision.trees.ingest.intesity").reason())
			.isEqualTo("unknown key 'intesity' in tree 'ingest', a static supervisor");
	}

	@Test
	void misspeltKeysAtEveryLevelFailStartUpWithTheClosestKey() {
		Map<String, ConfigurationProblem> problems = problems("keys/other-misspelt-keys.yml");
		assertThat(problems).containsOnlyKeys("supervision.enabeld", "supervision.lifecycle.phse",
				"supervision.trees.pool.templat", "supervision.trees.pool.max-childern",
				"supervision.trees.pool.template.backoff.jiter");
		assertMisspelt(problems.get("supervision.enabeld"), "enabled", 3);
		assertMisspelt(problems.get("supervision.lifecycle.phse"), "phase", 5);
		assertMisspelt(problems.get("supervision.trees.pool.templat"), "template", 9);
		assertMisspelt(problems.get("supervision.trees.pool.max-childern"), "max-children", 10);
		assertMisspelt(problems.get("supervision.trees.pool.template.backoff.jiter"), "jitter", 15);
	}

	@Test
	void misspeltKeyIsReportedThroughTheFailureAnalyzer() {
		FailureAnalysis analysis = FailureAnalyses.of(startupFailure("keys/misspelt-keys.yml"));
		assertThat(analysis.getDescription()).contains("Property: supervision.trees.ingest.intesity")
			.contains("Value: \"5\"")
			.containsPattern("Origin: class path resource \\[keys/misspelt-keys.yml\\].* - 10:\\d+")
			.contains("Reason: unknown key 'intesity' in tree 'ingest', a static supervisor");
		assertThat(analysis.getAction())
			.contains("supervision.trees.ingest.intesity: Did you mean 'intensity'? The keys of tree 'ingest'");
	}

	@Test
	void keysInRelaxedFormsAndBracketedTreeNamesThatAreIdsAreAccepted() {
		this.runner.withPropertyValues("spring.config.location=classpath:keys/relaxed-keys.yml").run((context) -> {
			assertThat(context).hasNotFailed();
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			assertThat(registry.definition("jobs@eu")).isPresent();
			assertThat(registry.find("jobs/a")).isPresent();
		});
	}

	@Test
	void treeNamesTheBinderWouldChangeFailNamingTheOriginalKey() {
		Map<String, ConfigurationProblem> problems = problems("keys/tree-names.yml");
		assertThat(problems).containsOnlyKeys("supervision.trees.my jobs", "supervision.trees.a/b");
		ConfigurationProblem myJobs = problems.get("supervision.trees.my jobs");
		assertThat(myJobs.reason()).startsWith("tree name 'my jobs' would be bound as 'myjobs'");
		assertThat(myJobs.action()).startsWith("Rename the tree, e.g. 'my-jobs'");
		assertThat(String.valueOf(myJobs.origin())).contains("tree-names.yml").contains(" - 6:");
		assertThat(problems.get("supervision.trees.a/b").reason()).startsWith("tree name 'a/b' would be bound as 'ab'");
	}

	@Test
	void treeNameInBracketsThatIsNotAnIdFails() {
		Map<String, ConfigurationProblem> problems = problemsOf("supervision.trees[a/b].children[0].id=a",
				"supervision.trees[a/b].children[0].bean=worker");
		assertThat(problems).containsOnlyKeys("supervision.trees[a/b]");
		assertThat(problems.get("supervision.trees[a/b]").reason()).startsWith("invalid id 'a/b'");
	}

	@Test
	void workerOrServiceChildRejectsTheKeysOfSupervisors() {
		Map<String, ConfigurationProblem> problems = problemsOf(CHILD + ".id=a", CHILD + ".bean=worker",
				CHILD + ".strategy=one-for-all", CHILD + ".intensity=1", CHILD + ".period=1s",
				CHILD + ".template.bean=worker", CHILD + ".max-children=3", CHILD + ".children[0].id=b",
				CHILD + ".children[0].bean=worker");
		assertThat(problems).containsOnlyKeys(CHILD + ".strategy", CHILD + ".intensity", CHILD + ".period",
				CHILD + ".template", CHILD + ".max-children", CHILD + ".children");
		assertThat(problems.get(CHILD + ".strategy").reason())
			.isEqualTo("'strategy' does not apply to child 'ingest/a', a worker or service: it is a key of "
					+ "static supervisors");
		assertThat(problems.get(CHILD + ".intensity").reason()).endsWith("static supervisors, dynamic supervisors");
		assertThat(problems.get(CHILD + ".template").reason()).endsWith("it is a key of dynamic supervisors");
		assertThat(problems.get(CHILD + ".strategy").action()).startsWith("Remove 'strategy'")
			.contains("The keys of child 'ingest/a', a worker or service are: id, type, restart, shutdown");
	}

	@Test
	void supervisorChildRejectsTheKeysOfWorkersAndDynamicSupervisors() {
		Map<String, ConfigurationProblem> problems = problemsOf(CHILD + ".id=group", CHILD + ".type=supervisor",
				CHILD + ".bean=worker", CHILD + ".max-children=3", CHILD + ".children[0].id=b",
				CHILD + ".children[0].bean=worker", CHILD + ".children[0].on-give-up=stay-down");
		assertThat(problems).containsOnlyKeys(CHILD + ".bean", CHILD + ".max-children",
				CHILD + ".children[0].on-give-up");
		assertThat(problems.get(CHILD + ".bean").reason()).isEqualTo("'bean' does not apply to child 'ingest/group', "
				+ "a static supervisor: it is a key of workers and services");
		assertThat(problems.get(CHILD + ".children[0].on-give-up").reason())
			.endsWith("it is a key of root trees");
	}

	@Test
	void dynamicSupervisorRejectsTheKeysOfStaticSupervisorsAndItsTemplateAnId() {
		Map<String, ConfigurationProblem> problems = problemsOf(CHILD + ".id=pool", CHILD + ".strategy=one-for-all",
				CHILD + ".template.id=t", CHILD + ".template.bean=worker", CHILD + ".template.restart=temporary");
		assertThat(problems).containsOnlyKeys(CHILD + ".strategy", CHILD + ".template.id");
		assertThat(problems.get(CHILD + ".strategy").reason()).isEqualTo(
				"'strategy' does not apply to child 'ingest/pool', a dynamic supervisor: it is a key of static supervisors");
		assertThat(problems.get(CHILD + ".template.id").reason())
			.isEqualTo("a template has no id: each child of 'ingest/pool' gets its id when it is started");
	}

	@Test
	void rootTreeRejectsTheKeysOfChildren() {
		Map<String, ConfigurationProblem> problems = problemsOf("supervision.trees.ingest.restart=transient",
				"supervision.trees.ingest.bean=worker", CHILD + ".id=a", CHILD + ".bean=worker");
		assertThat(problems).containsOnlyKeys("supervision.trees.ingest.restart", "supervision.trees.ingest.bean");
		assertThat(problems.get("supervision.trees.ingest.restart").reason())
			.isEqualTo("'restart' does not apply to tree 'ingest', a static supervisor: it is a key of children");
	}

	@Test
	void templateOfTheSameTypeAsANodeAboveItIsBoundWithItsKeys() {
		String pool = CHILD + ".children[0]";
		this.runner
			.withPropertyValues(CHILD + ".id=group", CHILD + ".children[0].id=pool", pool + ".template.strategy=one-for-all",
					pool + ".template.children[0].id=w", pool + ".template.children[0].bean=worker")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				StaticSupervisorSpec ingest = (StaticSupervisorSpec) context.getBean(SupervisionRegistry.class)
					.definition("ingest")
					.orElseThrow()
					.spec();
				StaticSupervisorSpec group = (StaticSupervisorSpec) ingest.children().get(0).supervisor();
				DynamicSupervisorSpec spec = (DynamicSupervisorSpec) group.children().get(0).supervisor();
				assertThat(spec.template().kind()).isEqualTo(ChildKind.SUPERVISOR);
				assertThat(((StaticSupervisorSpec) spec.template().supervisor()).strategy())
					.isEqualTo(Strategy.ONE_FOR_ALL);
			});
	}

	@Test
	void valueKeyWithNestedKeysFails() {
		Map<String, ConfigurationProblem> problems = problemsOf(CHILD + ".id=a", CHILD + ".bean=worker",
				"supervision.trees.ingest.period.seconds=5");
		assertThat(problems).containsOnlyKeys("supervision.trees.ingest.period.seconds");
		assertThat(problems.get("supervision.trees.ingest.period.seconds").reason())
			.isEqualTo("'period' of tree 'ingest' takes a value, not nested keys");
	}

	@Test
	void eachKindOfNodeHasItsOwnKeys() {
		Set<String> child = Set.of("id", "type", "restart", "shutdown", "significant", "backoff",
				"delay-on-max-intensity");
		Set<String> tree = Set.of("type", "on-give-up", "exit-code", "virtual-threads", "readiness", "cluster");
		Set<String> staticSupervisor = Set.of("strategy", "intensity", "period", "auto-shutdown", "children");
		Set<String> dynamicSupervisor = Set.of("intensity", "period", "auto-shutdown", "max-children", "template");
		assertThat(keys(WorkerChild.class))
			.isEqualTo(union(child, Set.of("bean", "class", "kafka-listener", "rabbit-listener")));
		assertThat(keys(SupervisorChild.class)).isEqualTo(union(child, staticSupervisor));
		assertThat(keys(DynamicSupervisorChild.class)).isEqualTo(union(child, dynamicSupervisor));
		assertThat(keys(SupervisorTree.class)).isEqualTo(union(tree, staticSupervisor));
		assertThat(keys(DynamicSupervisorTree.class)).isEqualTo(union(tree, dynamicSupervisor));
	}

	@Test
	void rootAndNestedSupervisorsOfAKindAcceptTheSameSupervisorKeys() {
		assertThat(minus(keys(SupervisorTree.class), keys(Tree.class)))
			.isEqualTo(minus(keys(SupervisorChild.class), keys(Child.class)));
		assertThat(minus(keys(DynamicSupervisorTree.class), keys(Tree.class)))
			.isEqualTo(minus(keys(DynamicSupervisorChild.class), keys(Child.class)));
	}

	@Test
	void shutdownIsBoundAsATypedValueByAConfigurationPropertiesBindingConverter() {
		this.runner
			.withPropertyValues(CHILD + ".id=a", CHILD + ".bean=worker", CHILD + ".shutdown=brutal-kill",
					"supervision.trees.ingest.children[1].id=b", "supervision.trees.ingest.children[1].bean=worker",
					"supervision.trees.ingest.children[1].shutdown=Infinity",
					"supervision.trees.ingest.children[2].id=c", "supervision.trees.ingest.children[2].bean=worker",
					"supervision.trees.ingest.children[2].shutdown=PT1.5S")
			.run((context) -> {
				List<Child> children = ((SupervisorTree) context.getBean(SupervisionProperties.class)
					.getTrees()
					.get("ingest")).getChildren();
				assertThat(children).extracting(Child::getShutdown)
					.containsExactly(Shutdown.BRUTAL_KILL, Shutdown.INFINITY, Shutdown.parse("1500ms"));
				assertThat(context.getBeansWithAnnotation(
						org.springframework.boot.context.properties.ConfigurationPropertiesBinding.class))
					.containsKey("supervisionShutdownConverter");
			});
	}

	private static void assertMisspelt(ConfigurationProblem problem, String meant, int line) {
		assertThat(problem.reason()).startsWith("unknown key '");
		assertThat(problem.action()).startsWith("Did you mean '" + meant + "'?");
		assertThat(String.valueOf(problem.origin())).contains(".yml]").contains(" - " + line + ":");
	}

	private Map<String, ConfigurationProblem> problems(String location) {
		return ConfigurationFailures.problems(this.runner, "spring.config.location=classpath:" + location);
	}

	private Throwable startupFailure(String location) {
		return ConfigurationFailures.startupFailure(this.runner, "spring.config.location=classpath:" + location);
	}

	private Map<String, ConfigurationProblem> problemsOf(String... properties) {
		return ConfigurationFailures.problems(this.runner, properties);
	}

	private static Set<String> keys(Class<?> type) {
		return NodeTypes.keys(type).values().stream().map(NodeTypes.Key::name).collect(Collectors.toSet());
	}

	private static Set<String> union(Set<String> a, Set<String> b) {
		return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
	}

	private static Set<String> minus(Set<String> a, Set<String> b) {
		return a.stream().filter((key) -> !b.contains(key)).collect(Collectors.toSet());
	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		@Scope("prototype")
		Runnable worker() {
			return Idle.untilInterrupted();
		}

	}

}
