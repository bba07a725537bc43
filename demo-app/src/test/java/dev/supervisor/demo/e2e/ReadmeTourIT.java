package dev.supervisor.demo.e2e;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs every {@code curl} line of the README's tours (the demo's, and the one of its
 * {@code kafka} profile) against the demo's jar, in order, on the test's port instead of
 * 8080. A line works when the demo understood it: a 2xx, or
 * for {@code /actuator/health} a 503 while a tree is down. Lines piped into
 * {@code grep} must find a matching line, as the shell would.
 * <p>
 * Only the curl options the tour uses are understood; any other option fails the test,
 * so the tour cannot drift into something this test does not check.
 */
class ReadmeTourIT {

	private static final String TOUR_MARKER = "<!-- tour:";

	private static final String KAFKA_TOUR_MARKER = "<!-- kafka tour:";

	@Test
	void everyCurlLineOfTheTourWorks() throws IOException {
		List<String> lines = tourLines(TOUR_MARKER);
		assertThat(lines).as("curl lines of the tour").hasSizeGreaterThan(10);
		try (DemoProcess demo = DemoProcess.start("readme-tour")) {
			runTour(demo, lines);
		}
	}

	@Test
	void everyCurlLineOfTheKafkaTourWorks() throws IOException {
		List<String> lines = tourLines(KAFKA_TOUR_MARKER);
		assertThat(lines).as("curl lines of the kafka tour").hasSizeGreaterThan(4);
		try (DemoProcess demo = DemoProcess.start("readme-kafka-tour", "--spring.profiles.active=kafka")) {
			runTour(demo, lines);
		}
	}

	/** Runs the curl lines against the demo, in order. */
	static void runTour(DemoProcess demo, List<String> lines) {
		for (String line : lines) {
			Curl curl = Curl.parse(line);
			DemoProcess.Response response = demo.send(curl.request(demo));
			boolean healthDown = curl.path().equals("/actuator/health") && response.status() == 503;
			assertThat(response.status() / 100 == 2 || healthDown)
				.as("%s%n  answered %s: %s", line, response.status(), response.body())
				.isTrue();
			if (curl.grep() != null) {
				Pattern pattern = Pattern.compile(curl.grep());
				assertThat(response.body().lines()).as("%s%n  has a line matching %s", line, curl.grep())
					.anyMatch((text) -> pattern.matcher(text).find());
			}
		}
	}

	/** The curl lines of the tour's code block, from the first README that has it. */
	static List<String> tourLines(String tourMarker) throws IOException {
		for (String candidate : System.getProperty("demo.readme", "../README.md").split(",")) {
			Path readme = Path.of(candidate.trim());
			if (!Files.isRegularFile(readme)) {
				continue;
			}
			List<String> text = Files.readAllLines(readme, StandardCharsets.UTF_8);
			int marker = -1;
			for (int i = 0; i < text.size() && marker < 0; i++) {
				if (text.get(i).startsWith(tourMarker)) {
					marker = i;
				}
			}
			if (marker < 0) {
				continue;
			}
			List<String> curls = new ArrayList<>();
			assertThat(text.get(marker + 1)).isEqualTo("```bash");
			for (int i = marker + 2; !text.get(i).equals("```"); i++) {
				String line = text.get(i).trim();
				if (line.startsWith("curl ")) {
					curls.add(line);
				}
				else {
					assertThat(line.isEmpty() || line.startsWith("#"))
						.as("tour line '%s' is a curl line or a comment", line)
						.isTrue();
				}
			}
			return curls;
		}
		return fail("No README with the tour (a '" + tourMarker + "' marker) among "
				+ System.getProperty("demo.readme"));
	}

	/**
	 * One curl command line: {@code curl -s [-X METHOD] [-H 'Name: value'] [-d 'body'] URL
	 * [| grep 'pattern']}.
	 */
	record Curl(String method, String path, List<String> headers, String body, String grep) {

		static Curl parse(String line) {
			String command = line;
			String grep = null;
			int pipe = line.indexOf(" | grep ");
			if (pipe >= 0) {
				command = line.substring(0, pipe);
				List<String> grepWords = words(line.substring(pipe + 3));
				assertThat(grepWords).as(line).hasSize(2);
				grep = grepWords.get(1);
			}
			List<String> words = words(command);
			assertThat(words.get(0)).isEqualTo("curl");
			String method = null;
			String url = null;
			String body = null;
			List<String> headers = new ArrayList<>();
			for (int i = 1; i < words.size(); i++) {
				String word = words.get(i);
				switch (word) {
					case "-s" -> {
					}
					case "-X" -> method = words.get(++i);
					case "-H" -> headers.add(words.get(++i));
					case "-d" -> body = words.get(++i);
					default -> {
						assertThat(word).as("curl option in '%s' that this test understands", line)
							.doesNotStartWith("-");
						assertThat(url).as("a single URL in '%s'", line).isNull();
						url = word;
					}
				}
			}
			assertThat(url).as(line).startsWith("localhost:8080/");
			if (method == null) {
				method = (body != null) ? "POST" : "GET";
			}
			return new Curl(method, url.substring("localhost:8080".length()), headers, body, grep);
		}

		HttpRequest.Builder request(DemoProcess demo) {
			HttpRequest.Builder request = demo.request(this.path);
			for (String header : this.headers) {
				int colon = header.indexOf(':');
				request.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
			}
			HttpRequest.BodyPublisher body = (this.body != null) ? HttpRequest.BodyPublishers.ofString(this.body)
					: HttpRequest.BodyPublishers.noBody();
			return request.method(this.method, body);
		}

		/** Splits a command line into words as a shell would, with single and double quotes. */
		private static List<String> words(String line) {
			List<String> words = new ArrayList<>();
			StringBuilder word = null;
			char quote = 0;
			for (char c : line.toCharArray()) {
				if (quote != 0) {
					if (c == quote) {
						quote = 0;
					}
					else {
						word.append(c);
					}
				}
				else if (c == '\'' || c == '"') {
					quote = c;
					word = (word != null) ? word : new StringBuilder();
				}
				else if (Character.isWhitespace(c)) {
					if (word != null) {
						words.add(word.toString());
						word = null;
					}
				}
				else {
					word = (word != null) ? word : new StringBuilder();
					word.append(c);
				}
			}
			assertThat(quote).as("quotes closed in '%s'", line).isEqualTo((char) 0);
			if (word != null) {
				words.add(word.toString());
			}
			return words;
		}

	}

}
