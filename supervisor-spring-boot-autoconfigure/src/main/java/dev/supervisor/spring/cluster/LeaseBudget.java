package dev.supervisor.spring.cluster;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The time budget of a singleton's leadership: after its lock was last confirmed, the
 * replica running the tree must have stopped it before the lock's time-to-live runs out,
 * or another replica could take the tree over while it still runs here. So the tree starts
 * stopping {@code worst-case shutdown} before that, less one heart-beat of margin for clock
 * skew and scheduling; and the normal renewal, every heart-beat, must come well before
 * that point.
 */
final class LeaseBudget {

	/** The heart-beats of the lock's time-to-live that are not available to a shutdown. */
	static final int RESERVED_HEARTBEATS = 3;

	private LeaseBudget() {
	}

	/**
	 * How long before the lock's expiry, less one heart-beat, the tree starts stopping
	 * once its lock was not renewed: its worst-case shutdown, but never so long that a
	 * normal renewal (two heart-beats) would be mistaken for a lost one.
	 * @param worstCase the tree's worst-case shutdown, or empty for infinity
	 * @param settings the cluster settings
	 * @return the lead, never negative
	 */
	static Duration fenceLead(Optional<Duration> worstCase, ClusterSettings settings) {
		Duration available = settings.lockTtl().minus(settings.heartbeat().multipliedBy(RESERVED_HEARTBEATS));
		if (available.isNegative()) {
			return Duration.ZERO;
		}
		return worstCase.filter((shutdown) -> shutdown.compareTo(available) < 0).orElse(available);
	}

	/**
	 * Checks that a tree can stop within its lock's time-to-live.
	 * @param tree the tree's name
	 * @param worstCase the tree's worst-case shutdown, or empty for infinity
	 * @param settings the cluster settings
	 * @return what is wrong, or {@code null} if the tree stops in time
	 */
	static @Nullable String check(String tree, Optional<Duration> worstCase, ClusterSettings settings) {
		Duration reserved = settings.heartbeat().multipliedBy(RESERVED_HEARTBEATS);
		Duration needed = worstCase.map((shutdown) -> shutdown.plus(reserved)).orElse(null);
		if (needed != null && needed.compareTo(settings.lockTtl()) <= 0) {
			return null;
		}
		String shutdown = worstCase.map(LeaseBudget::format).orElse("infinity");
		return "supervision tree '" + tree + "' is shared by the replicas, and its worst-case shutdown (" + shutdown
				+ ") plus " + RESERVED_HEARTBEATS + " heart-beats (" + format(reserved)
				+ ") exceeds the leadership lock's time-to-live (" + format(settings.lockTtl())
				+ "): if this replica loses its lock, the tree may still be stopping here when another replica "
				+ "takes it over";
	}

	static String format(Duration duration) {
		return (duration.toMillis() % 1000 != 0) ? duration.toMillis() + "ms" : duration.toSeconds() + "s";
	}

}
