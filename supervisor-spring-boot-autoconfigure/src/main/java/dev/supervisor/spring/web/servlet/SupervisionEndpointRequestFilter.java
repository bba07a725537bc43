package dev.supervisor.spring.web.servlet;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.supervisor.LogText;
import dev.supervisor.spring.actuate.console.ConsoleController;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
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
 * Security's {@code StrictHttpFirewall} refuses most of them; so is a query that names a
 * parameter twice ({@code ?depth=0&depth=5}, where the first would win), and a paging
 * parameter ({@code offset}, {@code limit}, {@code depth}, {@code history}) whose value is
 * not one the endpoint takes, named with its allowed range. It runs before Spring Security,
 * whose firewall would refuse some of them without a word. The body of a write is checked
 * later, by the {@link SupervisionEndpointWriteFilter}.
 * <p>
 * Other requests pass untouched. Each refusal has a JSON body ({@code path} and
 * {@code message}); a refused read is logged as a warning (the request's text escaped), a
 * refused write is told to the {@link WriteRefusals}, which log and audit it.
 */
public final class SupervisionEndpointRequestFilter extends OncePerRequestFilter implements Ordered {

	/** The filter's order: before Spring Security and Spring's form content filter. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	/** The largest body a write to the endpoint may have. */
	public static final int MAX_BODY_BYTES = 16 * 1024;

	private static final Log logger = LogFactory.getLog(SupervisionEndpointRequestFilter.class);

	// The largest limit the endpoint takes (SupervisionEndpoint.MAX_LIMIT).
	private static final int MAX_LIMIT = 1000;

	// What Spring's conversion reads as a boolean.
	private static final Set<String> BOOLEANS = Set.of("true", "false", "on", "off", "yes", "no", "1", "0");

	private static final String[] ENCODED = { "%2f", "%5c", "%2e", "%3b", "%25", "%00" };

	/** The console's page, the one path below the endpoint that ends with a '/' (its files are relative to it). */
	private static final String CONSOLE_PAGE = "/" + ConsoleController.SEGMENT + "/";

	private final Supplier<@Nullable String> endpointPath;

	private final WriteRefusals refusals;

	/**
	 * @param endpointPath the endpoint's path below the context path, e.g.
	 * {@code /actuator/supervision}; {@code null} while it is not exposed over HTTP
	 * @param refusals told of every write attempt refused here, to log and audit it
	 */
	public SupervisionEndpointRequestFilter(Supplier<@Nullable String> endpointPath, WriteRefusals refusals) {
		this.endpointPath = endpointPath;
		this.refusals = refusals;
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
			refuse(request, response, rest, "The supervision endpoint takes each path in one spelling only: this one "
					+ problem + ". Use " + prefix + "/<tree>/<child>..., e.g. " + prefix + "/ingest/producers/p-0");
			return;
		}
		problem = queryProblem(request.getQueryString(),
				rest.equals("/" + ConsoleController.SEGMENT) || rest.startsWith(CONSOLE_PAGE));
		if (problem != null) {
			refuse(request, response, rest, problem);
			return;
		}
		String method = request.getMethod();
		if (Refusal.isWrite(method) && !"POST".equals(method)) {
			// The endpoint takes no other write: the SupervisionEndpointWriteFilter refuses it after
			// Spring Security, with who asked. Its body is hidden from the form content filter, which
			// would otherwise answer an undecodable one before that, without an audit.
			chain.doFilter(new HttpServletRequestWrapper(request) {

				@Override
				public @Nullable String getContentType() {
					return null;
				}

				@Override
				public @Nullable String getHeader(String name) {
					return "Content-Type".equalsIgnoreCase(name) ? null : super.getHeader(name);
				}

			}, response);
			return;
		}
		chain.doFilter(request, response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, String rest, String message)
			throws IOException {
		String path = rest.startsWith("/") ? rest.substring(1) : rest;
		if (Refusal.isWrite(request.getMethod())) {
			this.refusals.refused(request, path, null, HttpServletResponse.SC_BAD_REQUEST, message);
		}
		else {
			logger.warn("Supervision endpoint: refused " + LogText.escape(request.getMethod(), 20) + " "
					+ LogText.escape(request.getRequestURI(), 500) + " (400): " + message);
		}
		Refusal.write(response, HttpServletResponse.SC_BAD_REQUEST, path, null, message);
	}

	/**
	 * What is wrong with the query of a request to the endpoint.
	 * @param query the raw query string, or {@code null}
	 * @param console whether the request is for the console (whose parameters are its own)
	 * @return what is wrong and how to fix it, or {@code null} if nothing is
	 */
	static @Nullable String queryProblem(@Nullable String query, boolean console) {
		if (query == null || query.isEmpty()) {
			return null;
		}
		Map<String, String> seen = new HashMap<>();
		for (String pair : query.split("&", -1)) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name;
			String value;
			try {
				name = URLDecoder.decode((equals != -1) ? pair.substring(0, equals) : pair, StandardCharsets.UTF_8);
				value = (equals != -1) ? URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8) : "";
			}
			catch (IllegalArgumentException ex) {
				return "The query has a part that cannot be decoded ('" + LogText.escape(pair, 100)
						+ "'): encode each name and value, e.g. ?offset=0&limit=100";
			}
			String earlier = seen.putIfAbsent(name, value);
			if (earlier != null) {
				return "Query parameter '" + LogText.escape(name, 100) + "' is given more than once ('"
						+ LogText.escape(earlier, 100) + "', '" + LogText.escape(value, 100) + "'): give it once";
			}
			String problem = console ? null : valueProblem(name, value);
			if (problem != null) {
				return problem;
			}
		}
		return null;
	}

	private static @Nullable String valueProblem(String name, String value) {
		return switch (name) {
			case "offset" -> wholeNumber(name, value, Integer.MAX_VALUE, "?offset=100");
			case "depth" -> wholeNumber(name, value, Integer.MAX_VALUE, "?depth=1");
			case "limit" -> wholeNumber(name, value, MAX_LIMIT, "?limit=100");
			case "history" -> BOOLEANS.contains(value.toLowerCase(Locale.ROOT)) ? null
					: "Query parameter 'history' is '" + LogText.escape(value, 100)
							+ "': it must be true or false, e.g. ?history=true";
			default -> null;
		};
	}

	private static @Nullable String wholeNumber(String name, String value, int max, String example) {
		boolean digits = !value.isEmpty() && value.length() <= 10 && value.chars().allMatch((c) -> c >= '0' && c <= '9');
		if (digits && Long.parseLong(value) <= max) {
			return null;
		}
		return "Query parameter '" + name + "' is '" + LogText.escape(value, 100) + "': it must be a whole number from 0 to "
				+ max + ", e.g. " + example;
	}

	static boolean isUnder(String uri, String prefix) {
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

}
