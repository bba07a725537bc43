package dev.supervisor.spring.web.servlet;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Told of every write attempt to the supervision endpoint that a request filter refuses before
 * it reaches the endpoint, so that it is logged and audited as the endpoint's own refusals are.
 */
@FunctionalInterface
public interface WriteRefusals {

	/**
	 * A write attempt was refused.
	 * @param request the request; its principal, when it has one, is who asked
	 * @param path the node's path below the endpoint as the request spells it (maybe malformed)
	 * @param action the action the body names, or {@code null} when it names none that could be read
	 * @param status the refusal's HTTP status
	 * @param message what is wrong and how to fix it
	 */
	void refused(HttpServletRequest request, String path, @Nullable String action, int status, String message);

}
