package dev.supervisor.demo.ingest;

/**
 * A message accepted by {@code POST /messages}: written to its partition's {@link Spool}
 * before the caller got its {@code 202}.
 *
 * @param spool the id of the spool that accepted it
 * @param sequence its place in that spool: 1, 2, 3, ... with no gap
 * @param payload what the caller sent
 */
public record Message(String spool, long sequence, String payload) {

	/**
	 * Return its unique id, returned to the caller with the {@code 202}:
	 * {@code <spool>-<sequence>}.
	 * @return the id
	 */
	public String id() {
		return this.spool + "-" + this.sequence;
	}

}
