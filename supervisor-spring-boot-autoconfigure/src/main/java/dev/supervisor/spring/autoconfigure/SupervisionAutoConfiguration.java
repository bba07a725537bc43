package dev.supervisor.spring.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Set;

import dev.supervisor.Shutdown;
import dev.supervisor.spring.SupervisionExitHandler;
import dev.supervisor.spring.SupervisionReadiness;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.assembly.ContainerChildSource;
import dev.supervisor.spring.assembly.TreeAssembly;
import dev.supervisor.spring.cluster.ClusterMode;
import dev.supervisor.spring.handle.ChildHandle;
import dev.supervisor.spring.history.SupervisionHistory;

import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import org.springframework.core.convert.converter.Converter;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for supervision trees: the trees
 * declared under {@code supervision.trees}, as {@code SupervisorSpec} beans and with
 * {@code @SupervisedChild}, run with the application context.
 */
// After the application's availability: its listener then comes first, and what SupervisionReadiness
// publishes while a readiness tree is down is the last state it records.
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration")
@ConditionalOnBooleanProperty(name = "supervision.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SupervisionProperties.class)
public final class SupervisionAutoConfiguration {

	/**
	 * Binds each tree and child to the property type its keys call for, and collects every
	 * value that cannot be bound or is out of its bounds.
	 * @return the advisor adding the {@link NodeTypeBindHandler} and the
	 * {@link StrictBindHandler}
	 */
	@Bean
	static ConfigurationPropertiesBindHandlerAdvisor supervisionNodeTypes() {
		return (parent) -> new NodeTypeBindHandler(new StrictBindHandler(parent));
	}

	/**
	 * Binds {@code shutdown} values: a duration, {@code infinity} or {@code brutal-kill}.
	 * @return the converter
	 */
	@Bean
	@ConfigurationPropertiesBinding
	static Converter<String, Shutdown> supervisionShutdownConverter() {
		return new StringToShutdownConverter();
	}

	@Bean
	@ConditionalOnMissingBean
	SupervisionRegistry supervisionRegistry(SupervisionProperties properties, ConfigurableApplicationContext context,
			ObjectProvider<SupervisionExitHandler> exitHandler, ObjectProvider<ContainerChildSource> containerSources) {
		SupervisionPropertiesMapper mapper = new SupervisionPropertiesMapper(properties, context.getEnvironment());
		TreeAssembly assembly = new TreeAssembly(context.getBeanFactory(), context.getEnvironment());
		assembly.setLivenessInterval(properties.getLifecycle().getLivenessInterval());
		assembly.addContainerChildSources(containerSources.orderedStream().toList());
		mapper.contributeTo(assembly);
		SupervisionRegistry registry = new SupervisionRegistry(assembly.assemble(),
				mapper.settings(context.getEnvironment()), context, exitHandler.getIfAvailable(() -> System::exit));
		properties.getTrees().forEach((name, tree) -> {
			if (tree.getCluster() != ClusterMode.LOCAL) {
				registry.requireCoordination(name, "supervision.trees." + name + ".cluster",
						"Add spring-integration-core and one LockRegistry bean shared by the replicas (a "
								+ "JdbcLockRegistry, for instance), and for 'distributed' spring-jdbc and a DataSource "
								+ "bean, or remove 'cluster' to run the tree on every replica");
			}
		});
		return registry;
	}

	@Bean
	@ConditionalOnMissingBean
	SupervisionReadiness supervisionReadiness(SupervisionRegistry registry, SupervisionProperties properties,
			ApplicationEventPublisher publisher) {
		Set<String> trees = new LinkedHashSet<>();
		properties.getTrees().forEach((name, tree) -> {
			if (tree.isReadiness()) {
				trees.add(name);
			}
		});
		return new SupervisionReadiness(registry, trees, publisher);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "supervision.history.enabled", matchIfMissing = true)
	SupervisionHistory supervisionHistory(SupervisionRegistry registry, SupervisionProperties properties) {
		// Its bounds are checked as it is bound (PropertyBounds).
		return SupervisionHistory.of(registry, properties.getHistory().getSize());
	}

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	ChildHandle<?> supervisionChildHandle(SupervisionRegistry registry, InjectionPoint injectionPoint) {
		return registry.handle(injectionPoint);
	}

}
