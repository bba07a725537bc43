package dev.supervisor.spring.actuate.endpoint;

import java.time.Instant;

import dev.supervisor.ExitReason;
import dev.supervisor.SupervisionEvent;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * A supervision event in the endpoint's vocabulary, for a console or an event history: the same
 * spelling, duration notation and masking as the nodes ({@link NodeDescriptor}).
 *
 * @param event what happened: {@code started}, {@code start-failed}, {@code exited},
 * {@code restart-scheduled}, {@code restarted}, {@code stopped}, {@code gave-up},
 * {@code supervisor-stopped} or {@code deleted}
 * @param path the path of the node it happened to
 * @param type what that node is: {@code worker}, {@code service}, {@code supervisor} or
 * {@code dynamic}
 * @param incarnation the incarnation concerned (0 when none)
 * @param reason the exit reason for exits, give-ups and stops: {@code normal},
 * {@code shutdown}, {@code crashed} or {@code killed}
 * @param exception the class of the throwable of a crash or failed start
 * @param message the throwable's message, cut to a sane length, when the reader may see it;
 * {@value SupervisionSanitizer#MASK} otherwise
 * @param detail what the engine says about it (e.g. the offender of a give-up)
 * @param at when it happened
 * @param duration exit to running for {@code restarted}, the delay for
 * {@code restart-scheduled}, the time stopping took for {@code supervisor-stopped}, e.g.
 * {@code 1500ms}
 */
public record EventDescriptor(String event, String path, String type, long incarnation, @Nullable String reason,
		@Nullable String exception, @Nullable String message, @Nullable String detail, Instant at,
		@Nullable String duration) implements OperationResponseBody {

	static EventDescriptor of(SupervisionEvent event, SupervisionSanitizer sanitizer, boolean shown) {
		ExitReason reason = event.reason();
		Throwable error = (reason != null) ? reason.error() : null;
		String message = (error != null) ? sanitizer.userText(error.getMessage(), shown) : null;
		return new EventDescriptor(NodeDescriptor.name(event.type()), event.path(), event.kind().toString(),
				event.incarnation(), (reason != null) ? NodeDescriptor.name(reason.kind()) : null,
				(error != null) ? error.getClass().getName() : null, message,
				(event.detail() != null) ? event.detail() : (reason != null) ? reason.detail() : null, event.at(),
				(event.duration() != null) ? NodeDescriptor.duration(event.duration()) : null);
	}

}
