package dev.supervisor.spring;

import dev.supervisor.StartFailedException;

import org.springframework.boot.ExitCodeGenerator;

/**
 * A tree with {@code on-give-up: shutdown-application} failed to start with the application
 * context: start-up fails, and the process exits with the tree's {@code exit-code}, as it does when
 * the tree gives up later (Spring Boot takes the code of an {@link ExitCodeGenerator} exception).
 */
public class TreeStartFailedException extends RuntimeException implements ExitCodeGenerator {

	private static final long serialVersionUID = 1L;

	/** The exit code the tree's configuration promises. */
	private final int exitCode;

	/**
	 * @param tree the tree's name
	 * @param exitCode the exit code its configuration promises
	 * @param cause the child whose start failed, and why
	 */
	public TreeStartFailedException(String tree, int exitCode, StartFailedException cause) {
		super("Supervision tree '" + tree + "' failed to start (on-give-up: shutdown-application, exit code "
				+ exitCode + "): " + cause.getMessage(), cause);
		this.exitCode = exitCode;
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

}
