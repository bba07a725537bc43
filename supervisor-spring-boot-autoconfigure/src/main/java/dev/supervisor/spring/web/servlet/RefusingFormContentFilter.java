package dev.supervisor.spring.web.servlet;

import java.io.IOException;

import dev.supervisor.LogText;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.servlet.filter.OrderedFormContentFilter;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Spring's {@link org.springframework.web.filter.FormContentFilter} (it reads the
 * {@code application/x-www-form-urlencoded} body of {@code PUT}, {@code PATCH} and
 * {@code DELETE} requests into parameters), except that a body it cannot decode (e.g.
 * {@code a=%zz}) is answered {@code 400 Bad Request}, as the client's error it is. Spring's
 * filter lets the {@link HttpMessageNotReadableException} escape the filter chain, where no
 * exception resolver sees it: every path of the application, the actuator's included, would
 * answer {@code 500} (spring-projects/spring-framework#34584). Everything else is Spring's
 * filter unchanged, at the same order.
 */
public final class RefusingFormContentFilter extends OrderedFormContentFilter {

	private static final Log logger = LogFactory.getLog(RefusingFormContentFilter.class);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain filterChain)
			throws ServletException, IOException {
		ChainEntered chain = new ChainEntered(filterChain);
		try {
			super.doFilterInternal(request, response, chain);
		}
		catch (HttpMessageNotReadableException ex) {
			if (chain.entered) {
				// Thrown further down the chain, not by the parsing of this filter: not ours to answer.
				throw ex;
			}
			String problem = (ex.getMostSpecificCause() != ex) ? ex.getMostSpecificCause().getMessage() : ex.getMessage();
			logger.warn("Refused " + request.getMethod() + " " + LogText.escape(request.getRequestURI())
					+ ": its form body cannot be decoded (" + LogText.escape(problem) + ")");
			response.sendError(HttpServletResponse.SC_BAD_REQUEST,
					"The application/x-www-form-urlencoded body cannot be decoded");
		}
	}

	/** Remembers whether the request went on down the chain. */
	private static final class ChainEntered implements FilterChain {

		private final FilterChain chain;

		private boolean entered;

		ChainEntered(FilterChain chain) {
			this.chain = chain;
		}

		@Override
		public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
			this.entered = true;
			this.chain.doFilter(request, response);
		}

	}

}
