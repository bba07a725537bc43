package dev.supervisor.spring.handle;

import java.util.ArrayList;
import java.util.List;

import dev.supervisor.ChildFactory;
import dev.supervisor.ChildSpec;
import dev.supervisor.DynamicSupervisorSpec;
import dev.supervisor.StaticSupervisorSpec;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.spring.assembly.TreeDefinition;
import dev.supervisor.spring.child.BeanChildFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.context.Lifecycle;

/**
 * The workers and services of all trees by path, with the type of their instances: what
 * handles may reach. Wraps their factories so that {@link IncarnationSlots} follows every
 * incarnation.
 * <p>Internal: public only so that the registry can use it; not API, may change without notice.
 */
public final class SupervisedNodes {

	private final IncarnationSlots slots;

	private final List<Node> nodes = new ArrayList<>();

	/**
	 * Creates the registry of supervised nodes.
	 * @param slots the slots that follow each node's incarnations
	 */
	public SupervisedNodes(IncarnationSlots slots) {
		this.slots = slots;
	}

	/**
	 * The tree's spec with every worker and service factory tracked for handles.
	 * @param tree the tree
	 * @return the spec to run
	 */
	public SupervisorSpec track(TreeDefinition tree) {
		return track(tree.name(), tree.spec(), tree);
	}

	private SupervisorSpec track(String path, SupervisorSpec spec, TreeDefinition tree) {
		if (spec instanceof DynamicSupervisorSpec dynamic) {
			// The children of a dynamic supervisor are all made from its template.
			ChildSpec template = track(path + "/*", dynamic.template(), tree);
			return dynamic.withTemplate(template);
		}
		StaticSupervisorSpec staticSpec = (StaticSupervisorSpec) spec;
		List<ChildSpec> children = new ArrayList<>();
		for (ChildSpec child : staticSpec.children()) {
			children.add(track(path + "/" + child.id(), child, tree));
		}
		return new StaticSupervisorSpec(staticSpec.strategy(), staticSpec.intensity(), staticSpec.period(),
				staticSpec.autoShutdown(), children);
	}

	private ChildSpec track(String path, ChildSpec child, TreeDefinition tree) {
		SupervisorSpec nested = child.supervisor();
		if (nested != null) {
			return new ChildSpec(child.id(), child.kind(), null, track(path, nested, tree), child.restart(),
					child.shutdown(), child.significant(), child.backoff(), child.delayOnMaxIntensity());
		}
		ChildFactory<?> factory = child.factory();
		Class<?> type = (factory instanceof BeanChildFactory bean) ? bean.type() : Object.class;
		this.nodes.add(new Node(path, type, factory, tree));
		return new ChildSpec(child.id(), child.kind(), new TrackingChildFactory(factory, child.kind(), this.slots),
				null, child.restart(), child.shutdown(), child.significant(), child.backoff(),
				child.delayOnMaxIntensity());
	}

	/**
	 * The declared worker or service a path leads to.
	 * @param path the path, e.g. {@code ingest/buckets/b-7}
	 * @return the node, or {@code null} if none is declared there
	 */
	public @Nullable Node find(String path) {
		String[] segments = path.split("/");
		for (Node node : this.nodes) {
			if (node.matches(segments)) {
				return node;
			}
		}
		return null;
	}

	/**
	 * The children made from singleton beans that are Spring lifecycles: Spring must not
	 * manage them too.
	 * @return the nodes
	 */
	public List<Node> singletonLifecycles() {
		return this.nodes.stream()
			.filter((node) -> node.factory instanceof BeanChildFactory bean
					&& bean.source() == BeanChildFactory.Source.SINGLETON
					&& Lifecycle.class.isAssignableFrom(node.type))
			.toList();
	}

	/**
	 * A declared worker or service.
	 *
	 * @param path its path; {@code *} stands for any child of a dynamic supervisor
	 * @param type the type of its instances, {@code Object} if unknown
	 * @param factory its factory as declared
	 * @param tree the tree it belongs to
	 */
	public record Node(String path, Class<?> type, ChildFactory<?> factory, TreeDefinition tree) {

		boolean matches(String[] path) {
			String[] segments = this.path.split("/");
			if (path.length != segments.length) {
				return false;
			}
			for (int i = 0; i < path.length; i++) {
				if (!segments[i].equals("*") && !segments[i].equals(path[i])) {
					return false;
				}
			}
			return true;
		}

	}

}
