package dev.supervisor.spring.web.servlet;

import java.util.Locale;

import dev.supervisor.LogText;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Checks the JSON body of a write to the supervision endpoint with Jackson's streaming parser:
 * valid JSON, one object, each field named once (Jackson's strict duplicate detection), each
 * value a string, number, boolean or {@code null}, and nothing after the object.
 */
public final class JacksonWriteBodies implements SupervisionEndpointWriteFilter.WriteBodies {

	private static final String EXAMPLE = "e.g. {\"action\": \"restart\"}";

	private final JsonFactory factory = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

	@Override
	public SupervisionEndpointWriteFilter.Checked check(byte[] body) {
		// First every token, so that a syntax error or a field named twice, anywhere, is found first.
		String syntax = syntaxProblem(body);
		if (syntax != null) {
			return new SupervisionEndpointWriteFilter.Checked(null, syntax);
		}
		try (JsonParser parser = this.factory.createParser(ObjectReadContext.empty(), body)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				return new SupervisionEndpointWriteFilter.Checked(null, null);
			}
			if (first != JsonToken.START_OBJECT) {
				return new SupervisionEndpointWriteFilter.Checked(null,
						"The request body must be one JSON object, " + EXAMPLE + ", not " + describe(first));
			}
			String action = null;
			String problem = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
					problem = (problem != null) ? problem : "The body's field '" + LogText.escape(name, 100)
							+ "' must be a string, not " + describe(value) + ", " + EXAMPLE;
					parser.skipChildren();
				}
				else if ("action".equals(name) && value == JsonToken.VALUE_STRING) {
					action = parser.getString();
				}
			}
			if (problem == null && parser.nextToken() != null) {
				problem = "The request body has more after its JSON object: send one object, " + EXAMPLE;
			}
			return new SupervisionEndpointWriteFilter.Checked(action, problem);
		}
		catch (JacksonException ex) {
			return new SupervisionEndpointWriteFilter.Checked(null, notJson(ex));
		}
	}

	private @Nullable String syntaxProblem(byte[] body) {
		String last = null;
		try (JsonParser parser = this.factory.createParser(ObjectReadContext.empty(), body)) {
			JsonToken token;
			while ((token = parser.nextToken()) != null) {
				if (token == JsonToken.PROPERTY_NAME) {
					last = parser.currentName();
				}
			}
			return null;
		}
		catch (JacksonException ex) {
			String message = String.valueOf(ex.getOriginalMessage());
			if (message.toLowerCase(Locale.ROOT).contains("duplicate")) {
				return "The request body names '" + LogText.escape(duplicateName(message, last), 100)
						+ "' more than once: send each field once, " + EXAMPLE;
			}
			return notJson(ex);
		}
	}

	private static String notJson(JacksonException ex) {
		TokenStreamLocation location = ex.getLocation();
		String where = (location != null) ? " at line " + location.getLineNr() + ", column " + location.getColumnNr()
				: "";
		return "The request body is not valid JSON (" + LogText.escape(ex.getOriginalMessage(), 200) + where
				+ "): send one JSON object, " + EXAMPLE;
	}

	private static String describe(JsonToken token) {
		return switch (token) {
			case START_ARRAY -> "an array";
			case START_OBJECT -> "an object";
			case VALUE_STRING -> "a string";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			case VALUE_NULL -> "null";
			default -> token.name().toLowerCase(Locale.ROOT);
		};
	}

	private static @Nullable String duplicateName(String message, @Nullable String last) {
		int open = message.indexOf('"');
		int close = (open >= 0) ? message.indexOf('"', open + 1) : -1;
		return (close > open) ? message.substring(open + 1, close) : last;
	}

}
