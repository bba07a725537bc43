package dev.supervisor.spring.web.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.supervisor.LogText;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/** The JSON body of a request the filters refuse: {@code path}, {@code action} when known, {@code message}. */
final class Refusal {

	private Refusal() {
	}

	static void write(HttpServletResponse response, int status, String path, @Nullable String action, String message)
			throws IOException {
		response.setStatus(status);
		response.setContentType("application/json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter()
			.write("{\"path\":" + json(LogText.escape(path, 500))
					+ ((action != null) ? ",\"action\":" + json(LogText.escape(action, 100)) : "") + ",\"message\":"
					+ json(message) + "}");
	}

	static String json(String text) {
		StringBuilder out = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.append('"').toString();
	}

	static boolean isWrite(String method) {
		return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method) || "TRACE".equals(method));
	}

}
