package dev.supervisor.demo.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the journal holds ({@code GET /journal}): its lines, the distinct messages among
 * them, and the duplicates (messages written more than once).
 */
@RestController
@RequestMapping("/journal")
final class JournalController {

	private final Path directory;

	JournalController(IngestProperties properties) {
		this.directory = properties.getJournalDir();
	}

	@GetMapping
	Map<String, Object> journal() throws IOException {
		Map<String, Integer> counts = new HashMap<>();
		long lines = 0;
		if (Files.isDirectory(this.directory)) {
			List<Path> files;
			try (Stream<Path> list = Files.list(this.directory)) {
				files = list.filter((file) -> file.getFileName().toString().endsWith(".log")).sorted().toList();
			}
			for (Path file : files) {
				for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
					if (!line.isEmpty()) {
						lines++;
						counts.merge(line.substring(0, line.indexOf('\t')), 1, Integer::sum);
					}
				}
			}
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("directory", this.directory.toAbsolutePath().toString());
		body.put("lines", lines);
		body.put("messages", counts.size());
		body.put("duplicates", lines - counts.size());
		return body;
	}

}
