package dev.supervisor.spring;

/**
 * Ends the JVM once a tree with {@code on-give-up: shutdown-application} gave up and the
 * application context was closed. The default calls {@link System#exit(int)}; define a
 * bean of this type to do something else (tests do).
 */
@FunctionalInterface
public interface SupervisionExitHandler {

	/**
	 * Ends the JVM.
	 * @param exitCode the exit code
	 */
	void exit(int exitCode);

}
