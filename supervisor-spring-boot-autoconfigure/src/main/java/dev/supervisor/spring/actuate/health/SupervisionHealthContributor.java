package dev.supervisor.spring.actuate.health;

import java.util.stream.Stream;

import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.actuate.endpoint.SupervisionSanitizer;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;

/**
 * The {@code supervision} health contributor: a composite with one {@link TreeHealthIndicator}
 * per tree, so {@code /actuator/health/supervision/ingest} answers for one tree and a health
 * group can include a single tree ({@code management.endpoint.health.group.ingest.include=supervision/ingest}).
 * Its status is the aggregate of the trees': {@code DOWN} when a root tree has failed.
 */
public class SupervisionHealthContributor implements CompositeHealthContributor {

	private final SupervisionRegistry registry;

	private final SupervisionSanitizer sanitizer;

	private final int maxNodes;

	/**
	 * @param registry the trees
	 * @param sanitizer whether health details may show messages from user code (only when they
	 * are shown to everyone: health does not know its reader)
	 * @param maxNodes how many nodes one tree's check looks at most
	 */
	public SupervisionHealthContributor(SupervisionRegistry registry, SupervisionSanitizer sanitizer, int maxNodes) {
		this.registry = registry;
		this.sanitizer = sanitizer;
		this.maxNodes = maxNodes;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return this.registry.tree(name).map(this::indicator).orElse(null);
	}

	@Override
	public Stream<HealthContributors.Entry> stream() {
		return this.registry.trees()
			.stream()
			.map((tree) -> new HealthContributors.Entry(tree.name(), indicator(tree)));
	}

	private TreeHealthIndicator indicator(dev.supervisor.SupervisionTree tree) {
		return new TreeHealthIndicator(tree, this.sanitizer.showsDetailsToEveryone(), this.maxNodes);
	}

}
