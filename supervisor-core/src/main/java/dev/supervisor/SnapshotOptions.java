package dev.supervisor;

/**
 * How much of a tree a snapshot shows: large dynamic supervisors are summarized (counts by
 * state) and paged, never copied whole.
 *
 * @param offset the index of the first dynamic child listed
 * @param limit how many dynamic children are listed at most
 * @param depth how many levels below the requested node are included (0: the node only)
 */
public record SnapshotOptions(int offset, int limit, int depth) {

	/** Default page size for dynamic children. */
	public static final int DEFAULT_LIMIT = 100;

	/** The whole depth, the first page of each dynamic supervisor. */
	public static final SnapshotOptions DEFAULT = new SnapshotOptions(0, DEFAULT_LIMIT, Integer.MAX_VALUE);

	/**
	 * Checks that offset, limit and depth are not negative.
	 * @param offset the index of the first dynamic child listed
	 * @param limit how many dynamic children are listed at most
	 * @param depth how many levels below the requested node are included (0: the node only)
	 */
	public SnapshotOptions {
		if (offset < 0 || limit < 0 || depth < 0) {
			throw new IllegalArgumentException("offset, limit and depth must be >= 0 (were " + offset + ", " + limit
					+ ", " + depth + ")");
		}
	}

}
