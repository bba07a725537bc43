package com.example;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's code is code this module compiles and runs: every Java snippet, and every
 * YAML snippet marked as one, is the text of a file of this package (for Java, after its
 * package line), so the snippets show their imports and build against the current API;
 * {@link ReadmeExamplesTests} runs them.
 */
class ReadmeSnippetsTests {

	private static final Path ROOT = Path.of("..");

	private static final Pattern BLOCK = Pattern.compile("(?m)^```(\\w*)\\n(.*?)^```", Pattern.DOTALL);

	private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+) -->\\s*$");

	@Test
	void everyJavaSnippetIsACompiledSourceFileWithItsImports() throws IOException {
		List<Snippet> java = snippets().stream().filter((snippet) -> snippet.language().equals("java")).toList();
		assertThat(java).hasSizeGreaterThanOrEqualTo(8);
		for (Snippet snippet : java) {
			assertThat(snippet.file()).as("the file of the Java snippet at line %d of README.md", snippet.line())
				.isNotNull();
			String source = Files.readString(ROOT.resolve(snippet.file()), StandardCharsets.UTF_8);
			String shown = source.replaceFirst("^package [\\w.]+;\\n\\n", "");
			assertThat(snippet.text()).as("the snippet of %s", snippet.file()).isEqualTo(shown);
			assertThat(snippet.text()).as("the imports of %s", snippet.file()).startsWith("import ");
		}
	}

	@Test
	void everyMarkedYamlSnippetIsATestedFile() throws IOException {
		List<Snippet> yaml = snippets().stream()
			.filter((snippet) -> snippet.language().equals("yaml") && snippet.file() != null)
			.toList();
		assertThat(yaml).hasSizeGreaterThanOrEqualTo(3);
		for (Snippet snippet : yaml) {
			assertThat(snippet.text()).as("the snippet of %s", snippet.file())
				.isEqualTo(Files.readString(ROOT.resolve(snippet.file()), StandardCharsets.UTF_8));
		}
	}

	private static List<Snippet> snippets() throws IOException {
		String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
		List<Snippet> snippets = new ArrayList<>();
		Matcher block = BLOCK.matcher(readme);
		while (block.find()) {
			String before = readme.substring(0, block.start()).stripTrailing();
			String lastLine = before.substring(before.lastIndexOf('\n') + 1);
			Matcher marker = MARKER.matcher(lastLine);
			int line = (int) before.chars().filter((c) -> c == '\n').count() + 2;
			snippets.add(new Snippet(block.group(1), block.group(2), marker.find() ? marker.group(1) : null, line));
		}
		return snippets;
	}

	/**
	 * A fenced block of the README.
	 *
	 * @param language the block's language
	 * @param text the block's text
	 * @param file the file it shows, from the marker above it, relative to the project root
	 * @param line the line of the block in the README
	 */
	record Snippet(String language, String text, String file, int line) {

	}

}
