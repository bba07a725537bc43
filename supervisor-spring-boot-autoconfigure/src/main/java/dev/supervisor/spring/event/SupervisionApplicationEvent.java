package dev.supervisor.spring.event;

import dev.supervisor.ChildKind;
import dev.supervisor.ExitReason;
import dev.supervisor.SupervisionEvent;
import dev.supervisor.spring.SupervisionRegistry;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.core.ResolvableType;
import org.springframework.core.ResolvableTypeProvider;

/**
 * A {@link SupervisionEvent} published as a Spring {@link ApplicationEvent}. Every event
 * of every tree is published; starts, exits, restarts and give-ups as the subclasses
 * {@link ChildStartedEvent}, {@link ChildExitedEvent}, {@link ChildRestartedEvent} and
 * {@link SupervisorGaveUpEvent}, so listeners can pick what they alert on.
 * <p>
 * Events are published on the supervisor's own thread, in order, before it goes on: keep
 * listeners quick (or make them {@code @Async}) and never call a handle of the same tree
 * from one.
 */
public class SupervisionApplicationEvent extends ApplicationEvent implements ResolvableTypeProvider {

	private static final long serialVersionUID = 1L;

	/** The type of each event class, resolved once: events come with every start, exit and restart. */
	private static final ClassValue<ResolvableType> TYPES = new ClassValue<>() {

		@Override
		protected ResolvableType computeValue(Class<?> type) {
			return ResolvableType.forClass(type);
		}

	};

	private final transient SupervisionEvent event;

	/**
	 * @param source the {@link SupervisionRegistry} that publishes the event
	 * @param event the event
	 */
	public SupervisionApplicationEvent(Object source, SupervisionEvent event) {
		super(source);
		this.event = event;
	}

	/**
	 * The application event for a supervision event: the subclass that fits its type.
	 * @param source the publisher
	 * @param event the event
	 * @return the application event
	 */
	public static SupervisionApplicationEvent of(Object source, SupervisionEvent event) {
		return switch (event.type()) {
			case STARTED -> new ChildStartedEvent(source, event);
			case EXITED -> new ChildExitedEvent(source, event);
			case RESTARTED -> new ChildRestartedEvent(source, event);
			case GAVE_UP -> new SupervisorGaveUpEvent(source, event);
			default -> new SupervisionApplicationEvent(source, event);
		};
	}

	/**
	 * The event's own class as Spring matches listeners against it, resolved once per class.
	 * @return the type of this event
	 */
	@Override
	public ResolvableType getResolvableType() {
		return TYPES.get(getClass());
	}

	/**
	 * Return the supervision event.
	 * @return the supervision event
	 */
	public SupervisionEvent getEvent() {
		return this.event;
	}

	/**
	 * Return what happened.
	 * @return what happened
	 */
	public SupervisionEvent.Type getType() {
		return this.event.type();
	}

	/**
	 * Return the path of the node it happened to, e.g. {@code ingest/connection}.
	 * @return the path of the node it happened to, e.g. {@code ingest/connection}
	 */
	public String getPath() {
		return this.event.path();
	}

	/**
	 * Return the name of the tree it happened in: the first segment of the path.
	 * @return the name of the tree it happened in: the first segment of the path
	 */
	public String getTree() {
		String path = this.event.path();
		int slash = path.indexOf('/');
		return (slash != -1) ? path.substring(0, slash) : path;
	}

	/**
	 * Return what the node is.
	 * @return what the node is
	 */
	public ChildKind getKind() {
		return this.event.kind();
	}

	/**
	 * Return the incarnation concerned, 0 when none.
	 * @return the incarnation concerned, 0 when none
	 */
	public long getIncarnation() {
		return this.event.incarnation();
	}

	/**
	 * @return the exit reason of exits, stops and give-ups, or the cause of a failed
	 * start
	 */
	public @Nullable ExitReason getReason() {
		return this.event.reason();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.event.type() + " " + this.event.path() + " #"
				+ this.event.incarnation() + ((this.event.reason() != null) ? " " + this.event.reason() : "") + "]";
	}

}
