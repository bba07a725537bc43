package dev.supervisor;

/**
 * When a child that exited by itself is restarted (OTP {@code restart} of a child spec, plus
 * RabbitMQ's {@code intrinsic}).
 */
public enum RestartType {

	/** Always restarted. The default. */
	PERMANENT,

	/** Restarted only after an abnormal exit ({@code crashed} or {@code killed}). */
	TRANSIENT,

	/** Never restarted; removed from its supervisor when it exits for any reason. */
	TEMPORARY,

	/**
	 * Restarted after an abnormal exit; after a normal exit the child is removed and its
	 * supervisor stops with {@code shutdown}, so a chain collapses cleanly upwards (RabbitMQ
	 * {@code supervisor2}).
	 */
	INTRINSIC;

	/**
	 * Whether a child of this type is restarted after exiting with the given reason.
	 * @param reason the exit reason
	 * @return {@code true} if the supervisor restarts the child
	 */
	public boolean restartsAfter(ExitReason reason) {
		return switch (this) {
			case PERMANENT -> true;
			case TRANSIENT, INTRINSIC -> reason.isAbnormal();
			case TEMPORARY -> false;
		};
	}

}
