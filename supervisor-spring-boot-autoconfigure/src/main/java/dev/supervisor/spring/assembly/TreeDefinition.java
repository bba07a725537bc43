package dev.supervisor.spring.assembly;

import java.util.Map;
import java.util.Objects;

import dev.supervisor.SupervisorSpec;
import dev.supervisor.spring.OnGiveUp;

import org.jspecify.annotations.Nullable;

/**
 * A root tree as declared in properties, in Java or with annotations, merged into one
 * spec.
 *
 * @param name the tree's name, which is also the path of its root supervisor
 * @param spec the root supervisor's spec
 * @param onGiveUp what the application does when the tree gives up
 * @param exitCode the exit code used with {@link OnGiveUp#SHUTDOWN_APPLICATION}
 * @param virtualThreads whether the tree runs on virtual threads, or {@code null} to
 * follow {@code spring.threads.virtual.enabled}
 * @param origins where each node was declared, by path: a property prefix such as
 * {@code supervision.trees.ingest.children[0]} or a description such as
 * {@code bean 'ingest'}
 */
public record TreeDefinition(String name, SupervisorSpec spec, OnGiveUp onGiveUp, int exitCode,
		@Nullable Boolean virtualThreads, Map<String, String> origins) {

	/**
	 * Checks that the name, spec and give-up policy are set, and copies the origins.
	 * @param name the tree's name, which is also the path of its root supervisor
	 * @param spec the root supervisor's spec
	 * @param onGiveUp what the application does when the tree gives up
	 * @param exitCode the exit code used with {@link OnGiveUp#SHUTDOWN_APPLICATION}
	 * @param virtualThreads whether the tree runs on virtual threads, or {@code null} to follow {@code
	 * spring.threads.virtual.enabled}
	 * @param origins where each node was declared, by path: a property prefix such as {@code
	 * supervision.trees.ingest.children[0]} or a description such as {@code bean 'ingest'}
	 */
	public TreeDefinition {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(spec, "spec");
		Objects.requireNonNull(onGiveUp, "onGiveUp");
		origins = Map.copyOf(origins);
	}

	/**
	 * Where the node at the given path was declared.
	 * @param path the node's path
	 * @return the property prefix or description, or the tree's own origin if unknown
	 */
	public String originOf(String path) {
		String origin = this.origins.get(path);
		return (origin != null) ? origin : this.origins.getOrDefault(this.name, "tree '" + this.name + "'");
	}

}
