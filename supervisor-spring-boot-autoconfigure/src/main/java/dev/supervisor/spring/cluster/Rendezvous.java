package dev.supervisor.spring.cluster;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Rendezvous (highest random weight) hashing: each child belongs to the replica whose hash
 * with the child's id is highest. Children spread evenly, and when a replica joins or leaves
 * only the children that belong to it move. A distributed tree hashes its children into a
 * fixed number of partitions first, and places partitions: a partition, with all its
 * children, belongs to the replica whose hash with the partition's number is highest.
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

	/**
	 * The partition a child falls in, the same on every replica.
	 * @param child the child's id
	 * @param partitions the number of partitions (at least 1)
	 * @return the partition, from 0 to {@code partitions - 1}
	 */
	static int partition(String child, int partitions) {
		return (int) Long.remainderUnsigned(weight("", child), partitions);
	}

	/**
	 * The replica a partition belongs to.
	 * @param partition the partition
	 * @param replicas the live replicas
	 * @return the replica, or {@code null} if there is none
	 */
	static @Nullable String ownerOfPartition(int partition, List<String> replicas) {
		return owner("partition-" + partition, replicas);
	}

	/**
	 * The replica a child belongs to, through its partition.
	 * @param child the child's id
	 * @param partitions the number of partitions
	 * @param replicas the live replicas
	 * @return the replica, or {@code null} if there is none
	 */
	static @Nullable String owner(String child, int partitions, List<String> replicas) {
		return ownerOfPartition(partition(child, partitions), replicas);
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
