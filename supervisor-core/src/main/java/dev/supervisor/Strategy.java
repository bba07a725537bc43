package dev.supervisor;

/** How a static supervisor reacts when one child must be restarted (OTP restart strategies). */
public enum Strategy {

	/** Restart only the child that exited. */
	ONE_FOR_ONE,

	/** Stop all other children in reverse start order, then start all in start order. */
	ONE_FOR_ALL,

	/**
	 * Stop the children started after the one that exited (reverse order), then restart it and
	 * them in start order.
	 */
	REST_FOR_ONE

}
