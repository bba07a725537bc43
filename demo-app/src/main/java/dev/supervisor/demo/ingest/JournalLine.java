package dev.supervisor.demo.ingest;

/**
 * One line of a journal: {@code id<TAB>producer#incarnation<TAB>payload}, the payload's
 * tabs, line breaks and backslashes escaped so that a line is always one message.
 */
public final class JournalLine {

	private JournalLine() {
	}

	/**
	 * The line of a message, without its line break.
	 * @param message the message
	 * @param producer who wrote it, e.g. {@code ingest/producers/p-0#2}
	 * @return the line
	 */
	public static String of(Message message, String producer) {
		StringBuilder line = new StringBuilder(64);
		append(message, producer, line);
		return line.toString();
	}

	/**
	 * Appends the line of a message, without its line break.
	 * @param message the message
	 * @param producer who wrote it
	 * @param out where to append it
	 */
	static void append(Message message, String producer, StringBuilder out) {
		out.append(message.id()).append('\t').append(producer).append('\t');
		String payload = message.payload();
		for (int i = 0; i < payload.length(); i++) {
			char c = payload.charAt(i);
			switch (c) {
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> out.append(c);
			}
		}
	}

}
