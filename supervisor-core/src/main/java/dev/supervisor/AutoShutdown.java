package dev.supervisor;

/** When a supervisor stops by itself because significant children exited (OTP 24, EEP 56). */
public enum AutoShutdown {

	/** Significant children are not allowed; the supervisor never stops by itself. The default. */
	NEVER,

	/** Stop when any significant child exits by itself. */
	ANY_SIGNIFICANT,

	/** Stop when a significant child exits by itself and no other significant child is left running. */
	ALL_SIGNIFICANT

}
