package dev.supervisor.spring.actuate.console;

import java.net.URI;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.supervisor.spring.actuate.history.ErrorMasking;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Serves the console under {@code <endpoint path>/_console}: the page (plain HTML, CSS and
 * JavaScript from this jar: nothing to build, no CDN), what the page may do ({@code session}) and
 * the live event stream ({@code events}). A path segment starting with {@code _} can never be a
 * tree or child id, so the console never hides a node. Mapped by {@link ConsoleHandlerMapping}
 * only, never as an application controller.
 */
public class ConsoleController {

	/** The path segment of the console below the endpoint's path. */
	public static final String SEGMENT = "_console";

	private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	private static final Map<String, MediaType> FILES = Map.of("index.html", MediaType.TEXT_HTML, "console.js",
			MediaType.valueOf("text/javascript"), "console.css", MediaType.valueOf("text/css"));

	private static final boolean SECURITY_PRESENT = ClassUtils.isPresent(
			"org.springframework.security.web.csrf.CsrfToken", ConsoleController.class.getClassLoader());

	private final ConsoleStreams streams;

	private final ErrorMasking errorMasking;

	private final boolean writable;

	private final int historySize;

	/**
	 * @param streams the live event streams
	 * @param errorMasking what a reader is shown of exceptions in the stream
	 * @param writable whether the endpoint's access allows operator actions
	 * @param historySize how many events each node keeps
	 */
	public ConsoleController(ConsoleStreams streams, ErrorMasking errorMasking, boolean writable, int historySize) {
		this.streams = streams;
		this.errorMasking = errorMasking;
		this.writable = writable;
		this.historySize = historySize;
	}

	/**
	 * The page; without the trailing slash, a redirect to it, so that its relative links resolve.
	 * @param request the request
	 * @return {@code index.html}, or a redirect to {@code _console/}
	 */
	@GetMapping({ "", "/" })
	public ResponseEntity<Resource> page(HttpServletRequest request) {
		if (!request.getRequestURI().endsWith("/")) {
			return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(SEGMENT + "/")).build();
		}
		return file("index.html");
	}

	/**
	 * The page's script and style sheet.
	 * @param name {@code console.js} or {@code console.css}
	 * @return the file, or a 404
	 */
	@GetMapping("/{name:console\\.(?:js|css)}")
	public ResponseEntity<Resource> file(@PathVariable String name) {
		MediaType type = FILES.get(name);
		if (type == null) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok()
			.contentType(type)
			.cacheControl(CacheControl.noCache())
			.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
			.header("X-Content-Type-Options", "nosniff")
			.header("Referrer-Policy", "no-referrer")
			.body(new ClassPathResource("static/" + name, ConsoleController.class));
	}

	/**
	 * What the page may do: whether operator actions are allowed, and the CSRF token to send with
	 * them when Spring Security protects the application.
	 * @param request the request
	 * @return {@code writable}, {@code csrf} ({@code headerName}, {@code token}) when present,
	 * {@code historySize}
	 */
	@GetMapping(path = "/session", produces = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<Map<String, Object>> session(HttpServletRequest request) {
		Map<String, Object> session = new LinkedHashMap<>();
		session.put("writable", this.writable);
		Map<String, String> csrf = SECURITY_PRESENT ? CsrfTokens.of(request) : null;
		if (csrf != null) {
			session.put("csrf", csrf);
		}
		Principal principal = request.getUserPrincipal();
		if (principal != null) {
			session.put("principal", principal.getName());
		}
		session.put("historySize", this.historySize);
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(session);
	}

	/**
	 * The live event stream.
	 * @param lastEventId the id of the last event received, sent by a reconnecting browser
	 * @param after the same, for a client that opens a new stream itself
	 * @param request the request
	 * @return the stream, or a 503 when too many are open; for a {@code HEAD} request, the
	 * stream's headers only, without opening a stream
	 */
	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	public ResponseEntity<SseEmitter> events(@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
			@RequestParam(name = "after", required = false) @Nullable String after, HttpServletRequest request) {
		if ("HEAD".equals(request.getMethod())) {
			// A HEAD response has no body: a stream opened for it would never fail a write and
			// would hold a slot and a thread until it times out.
			return ResponseEntity.ok()
				.contentType(MediaType.TEXT_EVENT_STREAM)
				.cacheControl(CacheControl.noStore())
				.build();
		}
		SecurityContext reader = new RequestSecurityContext(request);
		SseEmitter emitter = this.streams.open((lastEventId != null) ? lastEventId : after,
				(entry) -> this.errorMasking.apply(entry, reader));
		if (emitter == null) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "2").build();
		}
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.header("X-Accel-Buffering", "no")
			.body(emitter);
	}

	/**
	 * Who reads the stream, as the endpoint's operations see it; captured on the request's thread,
	 * since the stream is written from another.
	 */
	private static final class RequestSecurityContext implements SecurityContext {

		private final @Nullable Principal principal;

		private final @Nullable Set<String> authorities;

		private final HttpServletRequest request;

		RequestSecurityContext(HttpServletRequest request) {
			this.request = request;
			this.principal = request.getUserPrincipal();
			this.authorities = SECURITY_PRESENT ? Authentications.current() : null;
		}

		@Override
		public @Nullable Principal getPrincipal() {
			return this.principal;
		}

		@Override
		public boolean isUserInRole(String role) {
			if (this.authorities != null) {
				return this.authorities.contains(role) || this.authorities.contains("ROLE_" + role);
			}
			return this.principal != null && this.request.isUserInRole(role);
		}

	}

}
