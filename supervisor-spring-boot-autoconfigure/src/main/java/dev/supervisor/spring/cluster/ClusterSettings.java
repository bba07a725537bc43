package dev.supervisor.spring.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * How the replicas of an application coordinate the trees they share.
 *
 * @param replicaId the id of this replica in leadership logs, events and the endpoint
 * @param lockTtl how long a leadership lock stays held after its holder stopped renewing it
 * (killed, cut off from the lock store); passed to the lock when it is a
 * {@code DistributedLock} (JDBC, Redis), and otherwise the time-to-live the lock registry
 * was configured with
 * @param heartbeat how often the leader renews its lock and a standby tries to take it
 * ({@code LockRegistryLeaderInitiator}'s heart-beat)
 * @param enforceBudget whether a tree that cannot stop within the lock's time-to-live
 * fails start-up (otherwise it is a warning)
 * @param partitions how many partitions the children of a distributed tree are hashed into:
 * each partition is one lock and moves between replicas with all its children (the same
 * number on every replica)
 */
public record ClusterSettings(String replicaId, Duration lockTtl, Duration heartbeat, boolean enforceBudget,
		int partitions) {

	/** The number of partitions when none is configured. */
	public static final int DEFAULT_PARTITIONS = 256;

	/**
	 * Checks that every setting is set and the durations are positive.
	 * @param replicaId the id of this replica
	 * @param lockTtl how long a lock stays held after its holder stopped renewing it
	 * @param heartbeat how often locks are renewed
	 * @param enforceBudget whether a tree that cannot stop within the lock's time-to-live
	 * fails start-up
	 * @param partitions how many partitions the children of a distributed tree are hashed
	 * into
	 * @throws IllegalArgumentException if a duration is not positive or there are no
	 * partitions
	 */
	public ClusterSettings {
		Objects.requireNonNull(replicaId, "replicaId");
		Objects.requireNonNull(lockTtl, "lockTtl");
		Objects.requireNonNull(heartbeat, "heartbeat");
		if (lockTtl.isNegative() || lockTtl.isZero()) {
			throw new IllegalArgumentException("lockTtl must be positive (was " + lockTtl + ")");
		}
		if (heartbeat.isNegative() || heartbeat.isZero()) {
			throw new IllegalArgumentException("heartbeat must be positive (was " + heartbeat + ")");
		}
		if (partitions < 1) {
			throw new IllegalArgumentException("partitions must be at least 1 (was " + partitions + ")");
		}
	}

	/**
	 * Settings with the default number of partitions.
	 * @param replicaId the id of this replica
	 * @param lockTtl how long a lock stays held after its holder stopped renewing it
	 * @param heartbeat how often locks are renewed
	 * @param enforceBudget whether a tree that cannot stop within the lock's time-to-live
	 * fails start-up
	 */
	public ClusterSettings(String replicaId, Duration lockTtl, Duration heartbeat, boolean enforceBudget) {
		this(replicaId, lockTtl, heartbeat, enforceBudget, DEFAULT_PARTITIONS);
	}

	/**
	 * The replica id used when none is configured: the host name and the process id, e.g.
	 * {@code web-7f9c-4121}.
	 * @return the default replica id
	 */
	public static String defaultReplicaId() {
		String host;
		try {
			host = java.net.InetAddress.getLocalHost().getHostName();
		}
		catch (java.io.IOException ex) {
			host = "localhost";
		}
		return host + "-" + ProcessHandle.current().pid();
	}

}
