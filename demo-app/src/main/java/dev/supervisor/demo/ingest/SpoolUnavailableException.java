package dev.supervisor.demo.ingest;

/**
 * Thrown when a message is refused because its partition's spool cannot take it: its file
 * cannot be written, or the application is stopping. Nothing was accepted.
 */
public class SpoolUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String partition;

	/**
	 * @param partition the partition, e.g. {@code p-0}
	 * @param why why the spool takes no messages
	 */
	public SpoolUnavailableException(String partition, String why) {
		super("The spool of partition '" + partition + "' takes no messages: " + why
				+ "; the message was not accepted");
		this.partition = partition;
	}

	/**
	 * Return the partition.
	 * @return e.g. {@code p-0}
	 */
	public String getPartition() {
		return this.partition;
	}

}
