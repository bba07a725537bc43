package dev.supervisor.spring.actuate.history;

import dev.supervisor.spring.actuate.endpoint.SupervisionSanitizer;
import dev.supervisor.spring.history.ErrorDetails;
import dev.supervisor.spring.history.HistoryEntry;
import dev.supervisor.spring.history.HistoryPage;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;

/**
 * Decides what a reader is shown of an exception in the event history (the endpoint's
 * {@code ?history=true} and the console's live stream): every exception message, stack frame and
 * cause served goes through this one function, so a policy such as "messages only for operators"
 * is applied everywhere at once. The default follows the endpoint's {@code show-details}
 * ({@link SupervisionSanitizer}): messages masked unless shown; declare a bean of this type to
 * replace it.
 */
@FunctionalInterface
public interface ErrorMasking {

	/**
	 * What a reader is shown of an error.
	 * @param error the error as recorded
	 * @param securityContext who reads
	 * @return the error to show (e.g. {@link ErrorDetails#withMessages} to hide messages), or
	 * {@code null} to show none of it
	 */
	@Nullable ErrorDetails mask(ErrorDetails error, SecurityContext securityContext);

	/**
	 * Shows messages where the endpoint's {@code show-details} does, and {@value SupervisionSanitizer#MASK}
	 * elsewhere (the exception's class and frames stay): the default.
	 * @param sanitizer the endpoint's rule for text from user code
	 * @return the masking
	 */
	static ErrorMasking of(SupervisionSanitizer sanitizer) {
		return (error, securityContext) -> sanitizer.showsDetails(securityContext) ? error
				: error.withMessages((message) -> SupervisionSanitizer.MASK);
	}

	/**
	 * Shows every error as recorded.
	 * @return the masking that hides nothing
	 */
	static ErrorMasking showAll() {
		return (error, securityContext) -> error;
	}

	/**
	 * An entry as a reader may see it.
	 * @param entry the entry as recorded
	 * @param securityContext who reads
	 * @return the entry with its error masked
	 */
	default HistoryEntry apply(HistoryEntry entry, SecurityContext securityContext) {
		ErrorDetails error = entry.error();
		return (error != null) ? entry.withError(mask(error, securityContext)) : entry;
	}

	/**
	 * A page as a reader may see it.
	 * @param page the page as recorded
	 * @param securityContext who reads
	 * @return the page with every error masked
	 */
	default HistoryDescriptor apply(HistoryPage page, SecurityContext securityContext) {
		return new HistoryDescriptor(page.path(), page.size(), page.total(), page.offset(),
				page.events().stream().map((entry) -> apply(entry, securityContext)).toList());
	}

}
