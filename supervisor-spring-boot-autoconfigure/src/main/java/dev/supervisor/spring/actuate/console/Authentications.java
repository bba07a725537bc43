package dev.supervisor.spring.actuate.console;

import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The authorities of the current Spring Security user, captured on the request's thread so that
 * a stream's writer thread can still ask for roles. Only loaded when Spring Security is on the
 * classpath.
 */
final class Authentications {

	private Authentications() {
	}

	/** The current user's authorities, or {@code null} when nobody is authenticated. */
	static @Nullable Set<String> current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()) {
			return null;
		}
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority != null)
			.collect(Collectors.toUnmodifiableSet());
	}

}
