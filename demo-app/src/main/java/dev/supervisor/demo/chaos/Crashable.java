package dev.supervisor.demo.chaos;

/**
 * A supervised child the chaos endpoint can crash: its current incarnation fails as if
 * its own code had thrown a {@link ChaosException}.
 */
public interface Crashable {

	/**
	 * Makes the current incarnation crash. Returns at once; the crash happens on the
	 * incarnation's own thread (a worker) or is reported through its context (a service).
	 * @param reason why, for the exit reason and the logs
	 */
	void crash(String reason);

}
