package dev.supervisor.internal;

/** Where an incarnation's end goes: its supervisor's mailbox, or the tree for a root supervisor. */
interface ExitSink {

	/**
	 * Called once when an incarnation has ended, on the thread that ended it.
	 * @param incarnation the incarnation, whose exit reason is set
	 */
	void exited(Incarnation incarnation);

	/** Wakes the owner of this sink, e.g. when a nested supervisor finished its start. */
	void wake();

	/**
	 * The path of a child of this sink.
	 * @param id the child's id
	 * @return the path
	 */
	String childPath(String id);

}
