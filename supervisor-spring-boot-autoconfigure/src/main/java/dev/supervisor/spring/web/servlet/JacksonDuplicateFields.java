package dev.supervisor.spring.web.servlet;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Finds a field named twice in a JSON body with Jackson's streaming parser and its strict
 * duplicate detection.
 */
public final class JacksonDuplicateFields implements SupervisionEndpointRequestFilter.DuplicateFields {

	private final JsonFactory factory = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

	@Override
	public @Nullable String find(byte[] body) {
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
			// Jackson: "Duplicate Object property \"action\"" (names vary by version): the name is the last one read.
			return message.toLowerCase(java.util.Locale.ROOT).contains("duplicate") ? duplicateName(message, last) : null;
		}
	}

	private static @Nullable String duplicateName(String message, @Nullable String last) {
		int open = message.indexOf('"');
		int close = (open >= 0) ? message.indexOf('"', open + 1) : -1;
		return (close > open) ? message.substring(open + 1, close) : last;
	}

}
