package dev.supervisor.spring.actuate.console;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.csrf.CsrfToken;

/**
 * Spring Security's CSRF token of a request, for the page to send back with its POSTs. Only
 * loaded when Spring Security is on the classpath.
 */
final class CsrfTokens {

	private CsrfTokens() {
	}

	static @Nullable Map<String, String> of(HttpServletRequest request) {
		if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
			return Map.of("headerName", token.getHeaderName(), "token", token.getToken());
		}
		return null;
	}

}
