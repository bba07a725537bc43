package dev.supervisor.spring;

/**
 * What the application does when a root tree gives up (reaches its maximum restart
 * intensity).
 */
public enum OnGiveUp {

	/**
	 * Keep the application running with the tree down ({@code failed}) until an operator
	 * restarts it.
	 */
	STAY_DOWN,

	/**
	 * Close the application context and exit the JVM with the tree's exit code, as a
	 * {@code permanent} OTP application takes its node down.
	 */
	SHUTDOWN_APPLICATION

}
