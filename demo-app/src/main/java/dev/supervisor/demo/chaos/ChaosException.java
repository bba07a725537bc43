package dev.supervisor.demo.chaos;

/**
 * The crash the chaos endpoint injects into a supervised child.
 */
public class ChaosException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message why the child crashed
	 */
	public ChaosException(String message) {
		super(message);
	}

}
