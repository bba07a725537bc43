package dev.supervisor;

/**
 * What a child is. Its printed form ({@link #toString()}) is the spelling of the YAML's
 * {@code type}, used in the endpoint's JSON, metric tags and log lines: {@code worker},
 * {@code service}, {@code supervisor} and {@code dynamic}.
 */
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

	/**
	 * The kind as the YAML's {@code type} and every output of the library spell it.
	 * @return {@code worker}, {@code service}, {@code supervisor} or {@code dynamic}
	 */
	@Override
	public String toString() {
		return (this == DYNAMIC_SUPERVISOR) ? "dynamic" : name().toLowerCase(java.util.Locale.ROOT);
	}

}
