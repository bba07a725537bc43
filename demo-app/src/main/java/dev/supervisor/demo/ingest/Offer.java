package dev.supervisor.demo.ingest;

/**
 * What a producer answers to a message offered to it.
 */
public enum Offer {

	/** The message is in the producer's backlog: it will be in the journal exactly once. */
	ACCEPTED,

	/** The backlog is full: the message was refused, the caller may retry later. */
	FULL,

	/**
	 * The producer is on its way out (stopping, or flushing after a crash) and takes no
	 * more messages: offer it to the next incarnation.
	 */
	CLOSED

}
