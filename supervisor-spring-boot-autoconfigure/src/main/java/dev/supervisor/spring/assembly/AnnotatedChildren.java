package dev.supervisor.spring.assembly;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.supervisor.ChildSpec;
import dev.supervisor.Shutdown;
import dev.supervisor.SpecValidation;
import dev.supervisor.StaticSupervisorSpec;
import dev.supervisor.SupervisorSpec;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.StringUtils;

/**
 * Adds the beans annotated with {@link SupervisedChild} to the supervisors they name,
 * after the children declared with those supervisors, ordered by
 * {@link SupervisedChild#order()} and then by bean registration order.
 */
final class AnnotatedChildren {

	private final TreeAssembly assembly;

	private final ConfigurableListableBeanFactory beanFactory;

	AnnotatedChildren(TreeAssembly assembly, ConfigurableListableBeanFactory beanFactory) {
		this.assembly = assembly;
		this.beanFactory = beanFactory;
	}

	/** Adds every annotated bean; problems are recorded in the assembly. */
	void addAll() {
		List<Annotated> annotated = new ArrayList<>();
		for (String beanName : this.beanFactory.getBeanDefinitionNames()) {
			if (this.beanFactory.getBeanDefinition(beanName).isAbstract()) {
				continue;
			}
			// Resolves a @Bean method first, so that its annotations are found too.
			this.beanFactory.getType(beanName, false);
			SupervisedChild annotation = this.beanFactory.findAnnotationOnBean(beanName, SupervisedChild.class, false);
			if (annotation != null) {
				annotated.add(new Annotated(beanName, annotation, annotated.size()));
			}
		}
		annotated
			.sort(Comparator.comparingInt((Annotated a) -> a.annotation().order()).thenComparingInt(Annotated::index));
		for (Annotated child : annotated) {
			add(child.beanName(), child.annotation());
		}
	}

	private void add(String beanName, SupervisedChild annotation) {
		String origin = "@SupervisedChild on bean '" + beanName + "'";
		String parent = annotation.supervisor();
		ChildSpec child = child(beanName, annotation, origin);
		if (child == null) {
			return;
		}
		String treeName = parent.split("/", 2)[0];
		TreeDefinition tree = this.assembly.tree(treeName);
		if (tree == null) {
			this.assembly.addProblem(origin, "no tree '" + treeName + "' is declared for supervisor '" + parent + "'",
					"Declare the tree under supervision.trees." + treeName + " or as a SupervisorSpec bean named '"
							+ treeName + "', or fix 'supervisor' of the annotation");
			return;
		}
		try {
			String childPath = parent + "/" + child.id();
			SupervisorSpec spec = withChild(tree.spec(), tree.name(), parent, child);
			Map<String, String> origins = new LinkedHashMap<>(tree.origins());
			origins.put(childPath, origin);
			this.assembly.replaceTree(new TreeDefinition(tree.name(), spec, tree.onGiveUp(), tree.exitCode(),
					tree.virtualThreads(), origins), childPath, origin);
		}
		catch (IllegalArgumentException ex) {
			this.assembly.addProblem(origin, ex.getMessage(), "Fix 'supervisor' or 'id' of the annotation");
		}
	}

	private @Nullable ChildSpec child(String beanName, SupervisedChild annotation, String origin) {
		Class<?> beanType = this.beanFactory.getType(beanName, false);
		if (beanType != null && ChildSpec.class.isAssignableFrom(beanType)) {
			return this.beanFactory.getBean(beanName, ChildSpec.class);
		}
		String id = StringUtils.hasText(annotation.id()) ? annotation.id() : beanName;
		// As written: the path below is cut at its last '/', which would hide a '/' in the id.
		String idProblem = SpecValidation.checkId(id);
		if (idProblem != null) {
			this.assembly.addProblem(origin, idProblem, "Set 'id' of the annotation to one path segment, such as "
					+ "'poller'" + (StringUtils.hasText(annotation.id()) ? "" : " (the bean's name is the default)"));
			return null;
		}
		ChildSpec child = this.assembly.beanChild(annotation.supervisor() + "/" + id, beanName, annotation.type(),
				origin, false);
		if (child == null) {
			return null;
		}
		child = child.withRestart(annotation.restart()).withSignificant(annotation.significant());
		if (!StringUtils.hasText(annotation.shutdown())) {
			return child;
		}
		Shutdown shutdown = this.assembly.shutdown(annotation.shutdown(), origin);
		return (shutdown != null) ? child.withShutdown(shutdown) : null;
	}

	/**
	 * The supervisor's spec with the child added under the supervisor at the target path.
	 */
	private SupervisorSpec withChild(SupervisorSpec supervisor, String path, String target, ChildSpec child) {
		if (!(supervisor instanceof StaticSupervisorSpec staticSpec)) {
			throw new IllegalArgumentException(
					"'" + path + "' is a dynamic supervisor: its children are made from its template at run time");
		}
		if (path.equals(target)) {
			for (ChildSpec existing : staticSpec.children()) {
				if (existing.id().equals(child.id())) {
					String other = this.assembly.originOf(path + "/" + child.id());
					throw new IllegalArgumentException("duplicate id '" + child.id() + "' under '" + path
							+ "': it is also declared by " + ((other != null) ? other : "another declaration"));
				}
			}
			return staticSpec.withChild(child);
		}
		String nextId = target.substring(path.length() + 1).split("/", 2)[0];
		List<ChildSpec> children = new ArrayList<>(staticSpec.children());
		for (int i = 0; i < children.size(); i++) {
			ChildSpec existing = children.get(i);
			if (existing.id().equals(nextId) && existing.supervisor() != null) {
				SupervisorSpec nested = withChild(existing.supervisor(), path + "/" + nextId, target, child);
				children.set(i,
						new ChildSpec(existing.id(), existing.kind(), null, nested, existing.restart(),
								existing.shutdown(), existing.significant(), existing.backoff(),
								existing.delayOnMaxIntensity()));
				return new StaticSupervisorSpec(staticSpec.strategy(), staticSpec.intensity(), staticSpec.period(),
						staticSpec.autoShutdown(), children);
			}
		}
		throw new IllegalArgumentException(
				"no supervisor '" + target + "' is declared ('" + path + "' has no supervisor child '" + nextId + "')");
	}

	private record Annotated(String beanName, SupervisedChild annotation, int index) {

	}

}
