package dev.supervisor.spring.web.servlet;

import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;

import dev.supervisor.LogText;
import dev.supervisor.spring.actuate.console.ConsoleController;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds the requests to the supervision endpoint to one spelling, so that no request is
 * acted on as another: a path with a {@code ;} (matrix parameters, which Spring MVC strips:
 * {@code …/p-0;x=1} would reach {@code p-0}), an empty segment ({@code //}, a trailing
 * {@code /}, but for the console's page {@code _console/}), a dot segment, or an encoded
 * slash, backslash, dot, semicolon or percent is refused with {@code 400}, as Spring
 * Security's {@code StrictHttpFirewall} refuses most of them; and a write whose JSON body names a field twice ({@code {"action": "restart",
 * "action": "delete"}}, where the last would win) is refused with {@code 400}. A write's
 * body is read up to {@value #MAX_BODY_BYTES} bytes ({@code 413} beyond).
 * <p>
 * Other requests pass untouched. Each refusal is logged as a warning (the request's text
 * escaped), with a JSON body: {@code path} and {@code message}.
 */
public final class SupervisionEndpointRequestFilter extends OncePerRequestFilter implements Ordered {

	/** The filter's order: before Spring Security and Spring's form content filter. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	/** The largest body a write to the endpoint may have. */
	public static final int MAX_BODY_BYTES = 16 * 1024;

	private static final Log logger = LogFactory.getLog(SupervisionEndpointRequestFilter.class);

	private static final String[] ENCODED = { "%2f", "%5c", "%2e", "%3b", "%25", "%00" };

	/** The console's page, the one path below the endpoint that ends with a '/' (its files are relative to it). */
	private static final String CONSOLE_PAGE = "/" + ConsoleController.SEGMENT + "/";

	private final Supplier<@Nullable String> endpointPath;

	private final @Nullable DuplicateFields duplicateFields;

	/**
	 * @param endpointPath the endpoint's path below the context path, e.g.
	 * {@code /actuator/supervision}; {@code null} while it is not exposed over HTTP
	 * @param duplicateFields finds a field named twice in a JSON body; {@code null} when no
	 * JSON parser is at hand (writes are then not checked for it)
	 */
	public SupervisionEndpointRequestFilter(Supplier<@Nullable String> endpointPath,
			@Nullable DuplicateFields duplicateFields) {
		this.endpointPath = endpointPath;
		this.duplicateFields = duplicateFields;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String endpoint = this.endpointPath.get();
		String uri = request.getRequestURI();
		String prefix = request.getContextPath() + ((endpoint != null) ? endpoint : "");
		if (endpoint == null || !isUnder(uri, prefix)) {
			chain.doFilter(request, response);
			return;
		}
		String rest = uri.substring(prefix.length());
		String problem = pathProblem(rest);
		if (problem != null) {
			refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, "The supervision endpoint takes each path in "
					+ "one spelling only: this one " + problem + ". Use " + prefix + "/<tree>/<child>..., e.g. " + prefix
					+ "/ingest/producers/p-0");
			return;
		}
		if (!"POST".equals(request.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = read(request.getInputStream());
		if (body.length > MAX_BODY_BYTES) {
			refuse(request, response, 413, "A write to the supervision endpoint has a body of at most "
					+ MAX_BODY_BYTES + " bytes, e.g. {\"action\": \"restart\"}");
			return;
		}
		String duplicate = (this.duplicateFields != null) ? this.duplicateFields.find(body) : null;
		if (duplicate != null) {
			refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, "The request body names '"
					+ LogText.escape(duplicate, 100) + "' more than once: send each field once, e.g. "
					+ "{\"action\": \"restart\"}");
			return;
		}
		chain.doFilter(new CachedBody(request, body), response);
	}

	private static boolean isUnder(String uri, String prefix) {
		if (!uri.startsWith(prefix)) {
			return false;
		}
		// "/actuator/supervision", ".../", "...;x" and "...%3b" all reach the endpoint; "...x" does not.
		return uri.length() == prefix.length() || "/;%".indexOf(uri.charAt(prefix.length())) >= 0;
	}

	/**
	 * What is wrong with the part of a raw request URI below the endpoint's path.
	 * @param rest e.g. {@code /ingest/producers/p-0}
	 * @return what is wrong, or {@code null} if nothing is
	 */
	static @Nullable String pathProblem(String rest) {
		if (rest.indexOf(';') >= 0) {
			return "has a ';' (matrix parameters, which would be dropped)";
		}
		String lower = rest.toLowerCase(Locale.ROOT);
		for (String encoded : ENCODED) {
			if (lower.contains(encoded)) {
				return "has an encoded '" + encoded + "'";
			}
		}
		if (rest.indexOf('\\') >= 0) {
			return "has a backslash";
		}
		if (rest.contains("//")) {
			return "has an empty segment ('//')";
		}
		if (rest.endsWith("/") && !rest.equals(CONSOLE_PAGE)) {
			return "ends with a '/'";
		}
		if (rest.contains("/./") || rest.contains("/../") || rest.endsWith("/.") || rest.endsWith("/..")) {
			return "has a dot segment";
		}
		for (int i = 0; i < rest.length(); i++) {
			if (Character.isISOControl(rest.charAt(i))) {
				return "has a control character";
			}
		}
		return null;
	}

	private static byte[] read(InputStream in) throws IOException {
		return in.readNBytes(MAX_BODY_BYTES + 1);
	}

	private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String message)
			throws IOException {
		String path = LogText.escape(request.getRequestURI(), 500);
		logger.warn("Supervision endpoint: refused " + LogText.escape(request.getMethod(), 20) + " " + path + " ("
				+ status + "): " + message);
		response.setStatus(status);
		response.setContentType("application/json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write("{\"path\":" + json(path) + ",\"message\":" + json(message) + "}");
	}

	private static String json(String text) {
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

	/** Finds a field named more than once in a JSON body. */
	@FunctionalInterface
	public interface DuplicateFields {

		/**
		 * The first field named twice in an object of the body.
		 * @param body the body
		 * @return the field's name, or {@code null} if none is (a body that is not JSON is
		 * left to the endpoint, which answers 400)
		 */
		@Nullable String find(byte[] body);

	}

	/** The request, with the body the filter read. */
	private static final class CachedBody extends HttpServletRequestWrapper {

		private final byte[] body;

		CachedBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body was read already");
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
