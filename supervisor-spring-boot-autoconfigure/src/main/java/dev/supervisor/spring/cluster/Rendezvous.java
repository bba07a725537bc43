package dev.supervisor.spring.cluster;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Rendezvous (highest random weight) hashing: each child belongs to the replica whose hash
 * with the child's id is highest. Children spread evenly, and when a replica joins or leaves
 * only the children that belong to it move.
 */
final class Rendezvous {

	private Rendezvous() {
	}

	/**
	 * The replica a child belongs to.
	 * @param child the child's id
	 * @param replicas the live replicas
	 * @return the replica, or {@code null} if there is none
	 */
	static @Nullable String owner(String child, List<String> replicas) {
		String best = null;
		long bestWeight = 0;
		for (String replica : replicas) {
			long weight = weight(replica, child);
			if (best == null || Long.compareUnsigned(weight, bestWeight) > 0) {
				best = replica;
				bestWeight = weight;
			}
		}
		return best;
	}

	static long weight(String replica, String child) {
		// FNV-1a over "replica\0child", then SplitMix64's finalizer for an even spread.
		long hash = 0xcbf29ce484222325L;
		for (byte b : (replica + '\0' + child).getBytes(StandardCharsets.UTF_8)) {
			hash ^= (b & 0xff);
			hash *= 0x100000001b3L;
		}
		hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
		hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
		return hash ^ (hash >>> 31);
	}

}
