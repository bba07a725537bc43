package dev.supervisor;

/**
 * How much of a tree a snapshot shows: large dynamic supervisors are summarized (counts by
 * state) and paged, never copied whole, and the whole snapshot holds at most a number of nodes,
 * whatever the tree's shape.
 *
 * @param offset the index of the first child listed of each dynamic supervisor
 * @param limit how many children of each dynamic supervisor are listed at most (static
 * supervisors are listed whole, within {@code maxNodes})
 * @param depth how many levels below the requested node are included (0: the node only)
 * @param maxNodes how many nodes the snapshot holds at most, the requested node included (at
 * least 1); children beyond it are left out and their supervisor is marked
 * {@link NodeSnapshot.SupervisorView#truncated() truncated}
 */
public record SnapshotOptions(int offset, int limit, int depth, int maxNodes) {

	/** Default page size for dynamic children. */
	public static final int DEFAULT_LIMIT = 100;

	/** The whole depth, the first page of each dynamic supervisor, no node budget. */
	public static final SnapshotOptions DEFAULT = new SnapshotOptions(0, DEFAULT_LIMIT, Integer.MAX_VALUE);

	/**
	 * Checks that offset, limit and depth are not negative and the node budget is at least 1.
	 * @param offset the index of the first dynamic child listed
	 * @param limit how many dynamic children are listed at most
	 * @param depth how many levels below the requested node are included (0: the node only)
	 * @param maxNodes how many nodes the snapshot holds at most
	 */
	public SnapshotOptions {
		if (offset < 0 || limit < 0 || depth < 0) {
			throw new IllegalArgumentException("offset, limit and depth must be >= 0 (were " + offset + ", " + limit
					+ ", " + depth + ")");
		}
		if (maxNodes < 1) {
			throw new IllegalArgumentException("maxNodes must be >= 1 (was " + maxNodes + ")");
		}
	}

	/**
	 * Paging and depth without a node budget.
	 * @param offset the index of the first child listed of each dynamic supervisor
	 * @param limit how many children of each dynamic supervisor are listed at most
	 * @param depth how many levels below the requested node are included
	 */
	public SnapshotOptions(int offset, int limit, int depth) {
		this(offset, limit, depth, Integer.MAX_VALUE);
	}

	/**
	 * These options with another node budget.
	 * @param maxNodes how many nodes the snapshot holds at most (at least 1)
	 * @return the options
	 */
	public SnapshotOptions withMaxNodes(int maxNodes) {
		return new SnapshotOptions(this.offset, this.limit, this.depth, maxNodes);
	}

}
