package dev.supervisor;

/** What a child is. */
public enum ChildKind {

	/** Code that runs on its own thread ({@link Worker}). */
	WORKER,

	/** An object with {@code start} and {@code stop} that reports exits through its context ({@link Service}). */
	SERVICE,

	/** A nested static supervisor. */
	SUPERVISOR,

	/** A nested dynamic supervisor (OTP {@code simple_one_for_one}, Elixir {@code DynamicSupervisor}). */
	DYNAMIC_SUPERVISOR;

	/**
	 * Whether this kind is a supervisor (static or dynamic).
	 * @return {@code true} for {@link #SUPERVISOR} and {@link #DYNAMIC_SUPERVISOR}
	 */
	public boolean isSupervisor() {
		return this == SUPERVISOR || this == DYNAMIC_SUPERVISOR;
	}

}
