package dev.supervisor;

/** The state of a node in the tree, as operators see it. */
public enum ChildState {

	/** Its start is in progress. */
	STARTING,

	/** Running. */
	RUNNING,

	/** Down and about to be started again: a backoff, a delayed restart or a retry is pending. */
	RESTARTING,

	/** Being stopped by its supervisor. */
	STOPPING,

	/** Not running; its spec is kept (terminated, declined to start, or exited and not restarted). */
	STOPPED,

	/** A root tree that gave up (maximum restart intensity reached); it stays down until restarted. */
	FAILED

}
