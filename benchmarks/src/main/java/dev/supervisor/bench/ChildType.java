package dev.supervisor.bench;

import java.util.Locale;

/** The kind of child a scenario supervises, and how it crashes in the restart scenarios. */
enum ChildType {

	/** A service: {@code start} runs on the supervisor's thread; it crashes with {@code ctx.fail(e)}. */
	SERVICE("fail"),

	/** A worker: {@code run} on a thread of its own; it crashes by throwing. */
	WORKER("throw");

	/** How the child crashes, the {@code mode} of the variant. */
	final String crashMode;

	ChildType(String crashMode) {
		this.crashMode = crashMode;
	}

	String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	static ChildType parse(String text) {
		return switch (text) {
			case "service" -> SERVICE;
			case "worker" -> WORKER;
			default -> throw new IllegalArgumentException("the child kind must be service or worker (was '" + text + "')");
		};
	}

}
