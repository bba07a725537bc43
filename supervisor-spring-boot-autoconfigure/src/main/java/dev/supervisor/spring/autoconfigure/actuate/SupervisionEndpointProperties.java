package dev.supervisor.spring.autoconfigure.actuate;

import java.util.HashSet;
import java.util.Set;


import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the {@code supervision} endpoint, beside Spring Boot's own
 * {@code management.endpoint.supervision.access}.
 */
@ConfigurationProperties("management.endpoint.supervision")
public class SupervisionEndpointProperties {

	/**
	 * When to show text that comes from user code (exception messages) in the endpoint, its
	 * replies, health details, audit data and log lines: never, when-authorized or always.
	 * Masked otherwise; the exception's class and the exit reason are always shown.
	 */
	private Show showDetails = Show.NEVER;

	/**
	 * Roles that may see text from user code when show-details is when-authorized. When
	 * empty, every authenticated user may.
	 */
	private Set<String> roles = new HashSet<>();

	/**
	 * Maximum number of nodes one response lists; the nodes whose children were left out say
	 * so ("truncated": true).
	 */
	private int maxNodes = 1000;

	/**
	 * Maximum number of requests that take snapshots of the trees at the same time; others
	 * wait up to 10s for their turn, then are answered 503.
	 */
	private int maxConcurrentSnapshots = 4;

	public Show getShowDetails() {
		return this.showDetails;
	}

	public void setShowDetails(Show showDetails) {
		this.showDetails = showDetails;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

	public void setRoles(Set<String> roles) {
		this.roles = roles;
	}

	public int getMaxNodes() {
		return this.maxNodes;
	}

	public void setMaxNodes(int maxNodes) {
		if (maxNodes < 1) {
			throw new IllegalArgumentException("must be at least 1 (the requested node), was " + maxNodes);
		}
		this.maxNodes = maxNodes;
	}

	public int getMaxConcurrentSnapshots() {
		return this.maxConcurrentSnapshots;
	}

	public void setMaxConcurrentSnapshots(int maxConcurrentSnapshots) {
		if (maxConcurrentSnapshots < 1) {
			throw new IllegalArgumentException("must be at least 1, was " + maxConcurrentSnapshots);
		}
		this.maxConcurrentSnapshots = maxConcurrentSnapshots;
	}

}
