package dev.supervisor.spring.assembly;

/**
 * What a declared child is. {@link #AUTO} takes the kind from the bean's type, or from
 * {@code children} (a supervisor) or a {@code template} (a dynamic supervisor).
 */
public enum ChildType {

	/** Decided by the bean's type, or by {@code children} or {@code template}. */
	AUTO,

	/**
	 * Code that runs on its own thread: a {@link dev.supervisor.Worker} or a plain
	 * {@link Runnable}.
	 */
	WORKER,

	/**
	 * An object with a start and a stop: a {@link dev.supervisor.Service} or a Spring
	 * {@code Lifecycle}.
	 */
	SERVICE,

	/** A nested static supervisor with its own {@code children}. */
	SUPERVISOR,

	/**
	 * A nested dynamic supervisor whose children are started at run time from its
	 * {@code template}.
	 */
	DYNAMIC

}
