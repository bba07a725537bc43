package dev.supervisor.spring.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's property reference is the configuration metadata, rendered: every key with
 * its default and description, as IDEs show them. When a key is added or changed, this
 * test fails; run it with {@code -Dreadme.update=true} to write the new reference into the
 * README.
 */
class PropertyReferenceTests {

	private static final Path README = Path.of("../README.md");

	private static final String START = "<!-- property-reference: generated from the configuration metadata by "
			+ "PropertyReferenceTests (-Dreadme.update=true rewrites it) -->\n";

	private static final String END = "<!-- /property-reference -->";

	private static final String TREE = "supervision.trees.*.";

	private static final String CHILD = "supervision.trees.*.children[*].";

	@Test
	void readmePropertyReferenceIsTheConfigurationMetadata() throws IOException {
		String readme = Files.readString(README, StandardCharsets.UTF_8);
		int start = readme.indexOf(START);
		int end = readme.indexOf(END, start);
		assertThat(start).as("the property reference's start marker in the README").isNotNegative();
		assertThat(end).as("the property reference's end marker in the README").isPositive();
		String expected = render();
		String actual = readme.substring(start + START.length(), end);
		if (!actual.equals(expected) && Boolean.getBoolean("readme.update")) {
			Files.writeString(README, readme.substring(0, start + START.length()) + expected + readme.substring(end),
					StandardCharsets.UTF_8);
			return;
		}
		assertThat(actual).as("the README's property reference (-Dreadme.update=true rewrites it)")
			.isEqualTo(expected);
	}

	static String render() {
		Map<String, JsonNode> properties = ConfigurationMetadataTests.properties();
		StringBuilder out = new StringBuilder();
		out.append("\n**Settings**\n\n");
		table(out, properties, (name) -> !name.contains("*") && !name.equals("supervision.trees"), "");
		out.append("\n**A tree**: `supervision.trees.<name>.<key>`\n\n");
		table(out, properties, (name) -> name.startsWith(TREE) && name.indexOf('.', TREE.length()) < 0
				&& !name.contains("[*]") && !name.startsWith(TREE + "template."), TREE);
		out.append("\n**A child**: `supervision.trees.<name>.children[i].<key>`, the same for the children of "
				+ "nested supervisors (`….children[i].children[j].<key>`); a template "
				+ "(`….template.<key>`) takes the same keys but `id`\n\n");
		table(out, properties, (name) -> name.startsWith(CHILD) && !name.substring(CHILD.length()).contains("[*]")
				&& !name.startsWith(CHILD + "template."), CHILD);
		out.append("\n");
		return out.toString();
	}

	private static void table(StringBuilder out, Map<String, JsonNode> properties, Predicate<String> selected,
			String prefix) {
		out.append("| key | default | description |\n|---|---|---|\n");
		properties.forEach((name, property) -> {
			if (!selected.test(name) || !(name.startsWith("supervision.") || name.contains("supervision"))) {
				return;
			}
			JsonNode defaultValue = property.get("defaultValue");
			out.append("| `")
				.append(name.substring(prefix.length()))
				.append("` | ")
				.append((defaultValue != null) ? "`" + defaultValue.asString() + "`" : "")
				.append(" | ")
				.append(property.path("description").asString().replace("|", "\\|").replace("\n", " "))
				.append(" |\n");
		});
	}

}
