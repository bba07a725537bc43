package dev.supervisor.spring.actuate.endpoint;

import java.security.Principal;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import dev.supervisor.LogText;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.Outcome;
import dev.supervisor.SupervisionEvent;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;

/**
 * What a reader may see of the text that comes from user code: exception messages (and their
 * causes'), which may hold connection strings, credentials or personal data. Shown only under
 * {@code management.endpoint.supervision.show-details} ({@code never} by default,
 * {@code when-authorized} with optional {@code roles}, or {@code always}), in the vocabulary and
 * with the rules of Spring Boot's own {@code show-details}; masked as {@value #MASK} otherwise,
 * while the exception's class, the exit reason and everything the engine itself says stay.
 * <p>
 * One component, so every output shows the same thing to the same reader: the endpoint's node
 * JSON and 409 replies ({@link #node}, {@link #outcomeMessage}), events served to a console
 * ({@link #event}), health details ({@link #showsDetailsToEveryone()}) and log lines
 * ({@link #forLog}, which also escapes control characters). A web page that is not an actuator
 * endpoint adapts its request with {@link #showsDetails(Principal, Predicate)}.
 */
public final class SupervisionSanitizer {

	/** What stands for a message the reader may not see, as Spring Boot masks values. */
	public static final String MASK = "******";

	/** The longest user text shown, in characters. */
	public static final int MAX_MESSAGE = 500;

	// Causes are described at most this deep in a reply.
	private static final int MAX_CAUSES = 8;

	private final Show showDetails;

	private final Set<String> roles;

	/**
	 * @param showDetails when user text is shown
	 * @param roles the roles that may see it under {@link Show#WHEN_AUTHORIZED}; empty: any
	 * authenticated user
	 */
	public SupervisionSanitizer(Show showDetails, Collection<String> roles) {
		this.showDetails = showDetails;
		this.roles = Set.copyOf(roles);
	}

	/**
	 * The default: user text is never shown.
	 * @return a sanitizer that masks every message
	 */
	public static SupervisionSanitizer masking() {
		return new SupervisionSanitizer(Show.NEVER, Set.of());
	}

	/**
	 * Whether this reader may see user text (Spring Boot's {@link Show#isShown(SecurityContext, Collection)}).
	 * @param securityContext who reads
	 * @return {@code true} if messages are shown to them
	 */
	public boolean showsDetails(SecurityContext securityContext) {
		return this.showDetails.isShown(securityContext, this.roles);
	}

	/**
	 * Whether a reader outside the actuator (e.g. a console page) may see user text.
	 * @param principal who reads, {@code null} when anonymous
	 * @param isUserInRole whether they have a role, e.g. {@code request::isUserInRole}
	 * @return {@code true} if messages are shown to them
	 */
	public boolean showsDetails(@Nullable Principal principal, Predicate<String> isUserInRole) {
		return showsDetails(new SecurityContext() {

			@Override
			public @Nullable Principal getPrincipal() {
				return principal;
			}

			@Override
			public boolean isUserInRole(String role) {
				return isUserInRole.test(role);
			}

		});
	}

	/**
	 * Whether user text is shown to every reader ({@code show-details: always}): the rule for
	 * outputs that do not know their reader, such as health details and log lines.
	 * @return {@code true} only for {@link Show#ALWAYS}
	 */
	public boolean showsDetailsToEveryone() {
		return this.showDetails == Show.ALWAYS;
	}

	/**
	 * A node and its subtree as the endpoint shows it.
	 * @param node the snapshot
	 * @param shown whether user text is shown (see {@link #showsDetails(SecurityContext)})
	 * @return the node's JSON body
	 */
	public NodeDescriptor node(NodeSnapshot node, boolean shown) {
		return NodeDescriptor.of(node, this, shown);
	}

	/**
	 * An event as the endpoint's vocabulary writes it, for a console or an event history.
	 * @param event the event
	 * @param shown whether user text is shown (see {@link #showsDetails(SecurityContext)})
	 * @return the event's JSON body
	 */
	public EventDescriptor event(SupervisionEvent event, boolean shown) {
		return EventDescriptor.of(event, this, shown);
	}

	/**
	 * A text from user code as a reader sees it: cut to {@value #MAX_MESSAGE} characters, or
	 * {@value #MASK}.
	 * @param text the text, or {@code null}
	 * @param shown whether user text is shown
	 * @return the text, the mask, or {@code null} for {@code null}
	 */
	public @Nullable String userText(@Nullable String text, boolean shown) {
		if (text == null) {
			return null;
		}
		return shown ? cut(text) : MASK;
	}

	/**
	 * The message of an operation's outcome, as a reply or a log line shows it: an outcome that
	 * carries the cause of a failed start names the cause's class (and its causes'), with the
	 * messages masked unless shown; the whole message is cut to {@value #MAX_MESSAGE} characters.
	 * @param outcome the outcome
	 * @param shown whether user text is shown
	 * @return the message
	 */
	public String outcomeMessage(Outcome outcome, boolean shown) {
		Throwable error = outcome.error();
		if (error == null || shown) {
			return cut(outcome.message());
		}
		return cut("start of '" + outcome.path() + "' failed: " + describe(error, false));
	}

	/**
	 * A throwable as a reader sees it: its class and message, and its causes', messages masked
	 * unless shown.
	 * @param error the throwable
	 * @param shown whether user text is shown
	 * @return e.g. {@code java.lang.IllegalStateException: ****** (caused by java.sql.SQLException: ******)}
	 */
	public String describe(Throwable error, boolean shown) {
		StringBuilder text = new StringBuilder();
		Map<Throwable, Boolean> seen = new IdentityHashMap<>();
		int depth = 0;
		for (Throwable current = error; current != null && depth < MAX_CAUSES
				&& seen.put(current, Boolean.TRUE) == null; current = current.getCause(), depth++) {
			if (depth > 0) {
				text.append(" (caused by ");
			}
			text.append(current.getClass().getName());
			if (current.getMessage() != null) {
				text.append(": ").append(userText(current.getMessage(), shown));
			}
		}
		text.append(")".repeat(Math.max(0, depth - 1)));
		return cut(text.toString());
	}

	/**
	 * A text for a log line, with control characters escaped and cut ({@link LogText#escape}),
	 * so it cannot forge a line. Mask user text first unless {@link #showsDetailsToEveryone()}.
	 * @param text the text, or {@code null}
	 * @return the safe text
	 */
	public static String forLog(@Nullable Object text) {
		return LogText.escape(text, MAX_MESSAGE);
	}

	private static String cut(String text) {
		return (text.length() > MAX_MESSAGE) ? text.substring(0, MAX_MESSAGE - 1) + "…" : text;
	}

}
