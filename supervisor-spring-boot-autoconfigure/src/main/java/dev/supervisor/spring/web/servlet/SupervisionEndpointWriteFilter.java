package dev.supervisor.spring.web.servlet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.supervisor.spring.actuate.console.ConsoleController;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks every write attempt to the supervision endpoint (any method but {@code GET},
 * {@code HEAD}, {@code OPTIONS} and {@code TRACE}) before Spring MVC reads it, so that a
 * refused one is answered with a message that says what is wrong and how to fix it, and is
 * logged and audited ({@link WriteRefusals}) as the endpoint's own refusals are, with who asked:
 * it runs after Spring Security. Refused: another method than {@code POST}, or any write while
 * the endpoint is read-only ({@code 405}); a {@code POST} without a node's path, or to the
 * console ({@code 405}); a body that is not JSON ({@code 415}); an {@code Accept} header that
 * takes no JSON ({@code 406}); a body over {@value SupervisionEndpointRequestFilter#MAX_BODY_BYTES}
 * bytes ({@code 413}); a body that is not UTF-8, not valid JSON, not one object, names a field
 * twice or gives a field an object or array ({@code 400}).
 */
public final class SupervisionEndpointWriteFilter extends OncePerRequestFilter implements Ordered {

	/** The filter's order: after Spring Security's filter chain ({@code -100}), so that the principal is known. */
	public static final int ORDER = 0;

	private static final String EXAMPLE = "e.g. {\"action\": \"restart\"}";

	// Spring Boot's actuator answers these (its v3 and v2 types and plain JSON).
	private static final List<MediaType> PRODUCED = List.of(
			MediaType.valueOf("application/vnd.spring-boot.actuator.v3+json"),
			MediaType.valueOf("application/vnd.spring-boot.actuator.v2+json"), MediaType.APPLICATION_JSON);

	private final Supplier<@Nullable String> endpointPath;

	private final BooleanSupplier writable;

	private final @Nullable WriteBodies bodies;

	private final WriteRefusals refusals;

	/**
	 * @param endpointPath the endpoint's path below the context path, e.g.
	 * {@code /actuator/supervision}; {@code null} while it is not exposed over HTTP
	 * @param writable whether the endpoint's access allows writes
	 * @param bodies checks a body's JSON; {@code null} when no JSON parser is at hand (Spring MVC
	 * then reads it unchecked)
	 * @param refusals told of every refusal, to log and audit it
	 */
	public SupervisionEndpointWriteFilter(Supplier<@Nullable String> endpointPath, BooleanSupplier writable,
			@Nullable WriteBodies bodies, WriteRefusals refusals) {
		this.endpointPath = endpointPath;
		this.writable = writable;
		this.bodies = bodies;
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
		String prefix = request.getContextPath() + ((endpoint != null) ? endpoint : "");
		if (endpoint == null || !Refusal.isWrite(request.getMethod())
				|| !SupervisionEndpointRequestFilter.isUnder(request.getRequestURI(), prefix)) {
			chain.doFilter(request, response);
			return;
		}
		String path = request.getRequestURI().substring(prefix.length());
		path = path.startsWith("/") ? path.substring(1) : path;
		String example = prefix + "/<tree>/<child>... with " + EXAMPLE;
		if (!this.writable.getAsBoolean()) {
			response.setHeader("Allow", "GET");
			refuse(request, response, path, null, 405, "The supervision endpoint is read-only "
					+ "(management.endpoint.supervision.access): set it to unrestricted, with Spring Security in "
					+ "front, to act on the trees");
			return;
		}
		if (!"POST".equals(request.getMethod())) {
			response.setHeader("Allow", "GET, POST");
			refuse(request, response, path, null, 405, "The supervision endpoint takes actions as POST, not "
					+ request.getMethod() + ": POST " + example);
			return;
		}
		if (path.isEmpty() || path.equals(ConsoleController.SEGMENT) || path.startsWith(ConsoleController.SEGMENT + "/")) {
			response.setHeader("Allow", "GET");
			refuse(request, response, path, null, 405, "A POST acts on one node and needs its path: POST " + example);
			return;
		}
		String problem = contentTypeProblem(request.getContentType());
		if (problem != null) {
			refuse(request, response, path, null, 415, problem);
			return;
		}
		problem = acceptProblem(request.getHeaders("Accept").hasMoreElements()
				? String.join(",", java.util.Collections.list(request.getHeaders("Accept"))) : null);
		if (problem != null) {
			refuse(request, response, path, null, (problem.startsWith("The Accept header cannot")) ? 400 : 406,
					problem);
			return;
		}
		byte[] body = request.getInputStream().readNBytes(SupervisionEndpointRequestFilter.MAX_BODY_BYTES + 1);
		if (body.length > SupervisionEndpointRequestFilter.MAX_BODY_BYTES) {
			refuse(request, response, path, null, 413, "A write to the supervision endpoint has a body of at most "
					+ SupervisionEndpointRequestFilter.MAX_BODY_BYTES + " bytes, " + EXAMPLE);
			return;
		}
		problem = utf8Problem(body);
		Checked checked = (problem == null && this.bodies != null) ? this.bodies.check(body)
				: new Checked(null, problem);
		if (checked.problem() != null) {
			refuse(request, response, path, checked.action(), 400, checked.problem());
			return;
		}
		chain.doFilter(new CachedBodyRequest(request, body), response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, String path,
			@Nullable String action, int status, String message) throws IOException {
		this.refusals.refused(request, path, action, status, message);
		Refusal.write(response, status, path, action, message);
	}

	static @Nullable String contentTypeProblem(@Nullable String contentType) {
		String fix = ": send the body as JSON with Content-Type: application/json, " + EXAMPLE;
		if (contentType == null) {
			return "The request has no Content-Type" + fix;
		}
		MediaType type;
		try {
			type = MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			return "The Content-Type '" + dev.supervisor.LogText.escape(contentType, 100) + "' cannot be parsed" + fix;
		}
		boolean json = type.getType().equals("application")
				&& (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
		if (!json) {
			return "The supervision endpoint reads JSON, not '" + dev.supervisor.LogText.escape(type.toString(), 100)
					+ "'" + fix;
		}
		if (type.getCharset() != null && !type.getCharset().equals(StandardCharsets.UTF_8)) {
			return "The body must be UTF-8, not " + type.getCharset() + fix;
		}
		return null;
	}

	static @Nullable String acceptProblem(@Nullable String accept) {
		if (accept == null || accept.isBlank()) {
			return null;
		}
		List<MediaType> accepted;
		try {
			accepted = MediaType.parseMediaTypes(accept);
		}
		catch (InvalidMediaTypeException ex) {
			return "The Accept header cannot be parsed ('" + dev.supervisor.LogText.escape(accept, 100)
					+ "'): send Accept: application/json, or none";
		}
		for (MediaType type : accepted) {
			for (MediaType produced : PRODUCED) {
				if (type.getQualityValue() > 0 && type.isCompatibleWith(produced)) {
					return null;
				}
			}
		}
		return "The supervision endpoint answers JSON only, and the Accept header takes none ('"
				+ dev.supervisor.LogText.escape(accept, 100) + "'): send Accept: application/json, or none";
	}

	static @Nullable String utf8Problem(byte[] body) {
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(body);
		try {
			decoder.decode(in);
			return null;
		}
		catch (CharacterCodingException ex) {
			return "The request body is not valid UTF-8 (at byte " + in.position() + "): send it as UTF-8 JSON, "
					+ EXAMPLE;
		}
	}

	/**
	 * What a check found in a write's body.
	 *
	 * @param action the value of its {@code action} field, when it has a string one
	 * @param problem what is wrong with it and how to fix it, or {@code null} if nothing is
	 */
	public record Checked(@Nullable String action, @Nullable String problem) {
	}

	/** Checks the JSON body of a write. */
	@FunctionalInterface
	public interface WriteBodies {

		/**
		 * Checks a body (valid UTF-8, at most the largest size).
		 * @param body the body; empty when the request has none (left to the endpoint)
		 * @return what was found
		 */
		Checked check(byte[] body);

	}

}
