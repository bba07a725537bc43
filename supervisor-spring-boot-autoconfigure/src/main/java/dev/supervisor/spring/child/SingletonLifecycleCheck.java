package dev.supervisor.spring.child;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

import dev.supervisor.spring.assembly.ConfigurationProblem;
import dev.supervisor.spring.handle.SupervisedNodes;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.Lifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Finds singleton {@link Lifecycle} children that Spring would start or stop as well as
 * their supervisor: a {@link SmartLifecycle} that starts with the context, or one that
 * Spring would stop before its tree does, or one that something else started already.
 * <p>Internal: public only so that the registry can use it; not API, may change without notice.
 */
public final class SingletonLifecycleCheck {

	private SingletonLifecycleCheck() {
	}

	/**
	 * Checks the children made from singleton lifecycles.
	 * @param nodes the children
	 * @param beanFactory the factory of their beans
	 * @param phaseOf the lifecycle phase of each tree, by name
	 * @return the conflicts, empty if none
	 */
	public static List<ConfigurationProblem> check(List<SupervisedNodes.Node> nodes, BeanFactory beanFactory,
			ToIntFunction<String> phaseOf) {
		List<ConfigurationProblem> problems = new ArrayList<>();
		for (SupervisedNodes.Node node : nodes) {
			String beanName = ((BeanChildFactory) node.factory()).beanName();
			Lifecycle bean = beanFactory.getBean(beanName, Lifecycle.class);
			String origin = node.tree().originOf(node.path());
			String property = origin.startsWith("supervision.") ? origin + ".bean" : origin;
			String fix = "declare bean '" + beanName + "' with @Scope(\"prototype\"), or use 'class' instead";
			int treePhase = phaseOf.applyAsInt(node.tree().name());
			if (bean instanceof SmartLifecycle smart && smart.isAutoStartup()) {
				problems.add(ConfigurationProblem.of(property,
						"bean '" + beanName + "' is a SmartLifecycle that Spring starts and stops itself "
								+ "(isAutoStartup() is true), and it is the supervised child '" + node.path()
								+ "': both would start and stop it",
						"Return false from isAutoStartup() so that only the supervisor starts it, or " + fix));
			}
			else if (bean instanceof SmartLifecycle smart && smart.getPhase() > treePhase) {
				problems.add(ConfigurationProblem.of(property,
						"bean '" + beanName + "' is a SmartLifecycle in phase " + smart.getPhase()
								+ ", above the phase of tree '" + node.tree().name() + "' (" + treePhase
								+ "): on close Spring would stop the supervised child '" + node.path()
								+ "' before its supervisor does",
						"Return a phase of at most " + treePhase + " from getPhase(), or " + fix));
			}
			else if (bean.isRunning()) {
				problems
					.add(ConfigurationProblem.of(
							property, "bean '" + beanName
									+ "' is running before its supervisor started it: something else " + "manages it",
							"Let only the supervisor start it, or " + fix));
			}
		}
		return problems;
	}

}
