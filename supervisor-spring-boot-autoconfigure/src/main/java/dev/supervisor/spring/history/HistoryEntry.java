package dev.supervisor.spring.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

import dev.supervisor.ExitReason;
import dev.supervisor.SupervisionEvent;

import org.jspecify.annotations.Nullable;

/**
 * One event in the history of a node: a start, an exit, a restart, a give-up, a stop, or an
 * operator's action.
 *
 * @param seq the event's number, increasing over the application's life (the id of a live
 * stream event)
 * @param at when it happened
 * @param type {@code started}, {@code start-failed}, {@code exited}, {@code restart-scheduled},
 * {@code restarted}, {@code stopped}, {@code gave-up}, {@code supervisor-stopped} or
 * {@code action}
 * @param path the path of the node it happened to
 * @param child for a dynamic supervisor's history: the id of the child it happened to (its path
 * below the supervisor); {@code null} for the node's own events
 * @param incarnation the incarnation concerned, 0 when none
 * @param reason {@code normal}, {@code shutdown}, {@code crashed} or {@code killed} for exits,
 * stops and give-ups; {@code null} otherwise
 * @param detail a detail: a shutdown's detail, the offender of a give-up, what a failed start was
 * @param duration for {@code restarted} exit to running; for {@code restart-scheduled} the delay;
 * for {@code supervisor-stopped} how long stopping took
 * @param error the throwable of a crash or failed start, or {@code null}
 * @param action for {@code action}: {@code restart}, {@code terminate}, {@code start} or
 * {@code delete}
 * @param principal for {@code action}: who asked ({@code anonymous} without a principal)
 * @param outcome for {@code action}: how it went ({@code ok}, {@code running}, ...)
 */
public record HistoryEntry(long seq, Instant at, String type, String path, @Nullable String child, long incarnation,
		@Nullable String reason, @Nullable String detail, @Nullable Duration duration, @Nullable ErrorDetails error,
		@Nullable String action, @Nullable String principal, @Nullable String outcome) {

	/** The type of an operator's action. */
	public static final String ACTION = "action";

	/**
	 * Creates the record, checking its components.
	 * @param seq the event's number, increasing over the application's life (the id of a live
	 * stream event)
	 * @param at when it happened
	 * @param type {@code started}, {@code start-failed}, {@code exited}, {@code restart-scheduled},
	 * {@code restarted}, {@code stopped}, {@code gave-up}, {@code supervisor-stopped} or
	 * {@code action}
	 * @param path the path of the node it happened to
	 * @param child for a dynamic supervisor's history: the id of the child it happened to (its path
	 * below the supervisor); {@code null} for the node's own events
	 * @param incarnation the incarnation concerned, 0 when none
	 * @param reason {@code normal}, {@code shutdown}, {@code crashed} or {@code killed} for exits,
	 * stops and give-ups; {@code null} otherwise
	 * @param detail a detail: a shutdown's detail, the offender of a give-up, what a failed start was
	 * @param duration for {@code restarted} exit to running; for {@code restart-scheduled} the delay;
	 * for {@code supervisor-stopped} how long stopping took
	 * @param error the throwable of a crash or failed start, or {@code null}
	 * @param action for {@code action}: {@code restart}, {@code terminate}, {@code start} or
	 * {@code delete}
	 * @param principal for {@code action}: who asked ({@code anonymous} without a principal)
	 * @param outcome for {@code action}: how it went ({@code ok}, {@code running}, ...)
	 */
	public HistoryEntry {
		Objects.requireNonNull(at, "at");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(path, "path");
	}

	static HistoryEntry of(long seq, SupervisionEvent event, @Nullable String child, @Nullable ErrorDetails error) {
		ExitReason reason = event.reason();
		String detail = event.detail();
		if (detail == null && reason != null) {
			detail = reason.detail();
		}
		return new HistoryEntry(seq, event.at(), name(event.type()), event.path(), child, event.incarnation(),
				(reason != null) ? name(reason.kind()) : null, ErrorDetails.cut(detail), event.duration(),
				error, null, null, null);
	}

	/**
	 * This entry with its error replaced, e.g. masked for whoever reads it.
	 * @param error the error to show, or {@code null} for none
	 * @return the entry
	 */
	public HistoryEntry withError(@Nullable ErrorDetails error) {
		return new HistoryEntry(this.seq, this.at, this.type, this.path, this.child, this.incarnation, this.reason,
				this.detail, this.duration, error, this.action, this.principal, this.outcome);
	}

	static String name(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
