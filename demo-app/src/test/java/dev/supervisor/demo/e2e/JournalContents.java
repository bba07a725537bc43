package dev.supervisor.demo.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the simulated broker wrote: one line per message, {@code id<TAB>producer#incarnation<TAB>payload},
 * in one file per producer.
 */
final class JournalContents {

	private JournalContents() {
	}

	/**
	 * How many times each message id is in the journal.
	 * @param directory the journal's directory
	 * @return the count of each id
	 */
	static Map<String, Integer> idCounts(Path directory) throws IOException {
		Map<String, Integer> counts = new HashMap<>();
		if (!Files.isDirectory(directory)) {
			return counts;
		}
		List<Path> files;
		try (Stream<Path> list = Files.list(directory)) {
			files = list.filter((file) -> file.getFileName().toString().endsWith(".log")).toList();
		}
		for (Path file : files) {
			String content = Files.readString(file, StandardCharsets.UTF_8);
			for (String line : content.split("\n")) {
				if (!line.isEmpty()) {
					counts.merge(line.substring(0, line.indexOf('\t')), 1, Integer::sum);
				}
			}
		}
		return counts;
	}

}
