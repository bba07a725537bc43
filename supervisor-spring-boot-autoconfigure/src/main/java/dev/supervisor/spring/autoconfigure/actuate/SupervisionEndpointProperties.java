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

	/**
	 * Return when text from user code is shown.
	 * @return never, when-authorized or always
	 */
	public Show getShowDetails() {
		return this.showDetails;
	}

	/**
	 * Set when text from user code is shown.
	 * @param showDetails never, when-authorized or always
	 */
	public void setShowDetails(Show showDetails) {
		this.showDetails = showDetails;
	}

	/**
	 * Return the roles that may see text from user code under when-authorized.
	 * @return the roles; empty for any authenticated user
	 */
	public Set<String> getRoles() {
		return this.roles;
	}

	/**
	 * Set the roles that may see text from user code under when-authorized.
	 * @param roles the roles; empty for any authenticated user
	 */
	public void setRoles(Set<String> roles) {
		this.roles = roles;
	}

	/**
	 * Return how many nodes one response lists at most.
	 * @return the node budget of a response
	 */
	public int getMaxNodes() {
		return this.maxNodes;
	}

	/**
	 * Set how many nodes one response lists at most.
	 * @param maxNodes the node budget of a response, at least 1
	 */
	public void setMaxNodes(int maxNodes) {
		if (maxNodes < 1) {
			throw new IllegalArgumentException("must be at least 1 (the requested node), was " + maxNodes);
		}
		this.maxNodes = maxNodes;
	}

	/**
	 * Return how many requests take snapshots of the trees at the same time.
	 * @return the number of concurrent snapshots
	 */
	public int getMaxConcurrentSnapshots() {
		return this.maxConcurrentSnapshots;
	}

	/**
	 * Set how many requests take snapshots of the trees at the same time.
	 * @param maxConcurrentSnapshots the number of concurrent snapshots, at least 1
	 */
	public void setMaxConcurrentSnapshots(int maxConcurrentSnapshots) {
		if (maxConcurrentSnapshots < 1) {
			throw new IllegalArgumentException("must be at least 1, was " + maxConcurrentSnapshots);
		}
		this.maxConcurrentSnapshots = maxConcurrentSnapshots;
	}

}
