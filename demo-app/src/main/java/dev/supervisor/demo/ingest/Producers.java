package dev.supervisor.demo.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.supervisor.ChildSpec;
import dev.supervisor.ChildState;
import dev.supervisor.StaticSupervisorSpec;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.assembly.TreeDefinition;
import dev.supervisor.spring.handle.ChildHandle;
import dev.supervisor.spring.handle.ChildUnavailableException;

import org.jspecify.annotations.Nullable;

/**
 * Routes messages to the producers of {@code ingest/producers}, through stable handles:
 * a message offered while a producer restarts waits for its next incarnation, and one
 * refused by an incarnation on its way out is offered to the next one.
 */
public final class Producers {

	/** The path of the producers' supervisor. */
	public static final String PATH = "ingest/producers";

	private final List<ChildHandle<Producer>> handles;

	private final long offerTimeoutNanos;

	private final int capacity;

	private final String run = Long.toString(System.currentTimeMillis(), 36);

	private final AtomicLong sequence = new AtomicLong();

	private final AtomicInteger next = new AtomicInteger();

	/**
	 * One handle per producer declared under {@code ingest/producers}, in declaration
	 * order.
	 * @param supervision the trees
	 * @param properties the producers' settings
	 */
	Producers(SupervisionRegistry supervision, IngestProperties properties) {
		this.handles = new ArrayList<>();
		for (String id : producerIds(supervision.definition("ingest").orElseThrow(
				() -> new IllegalStateException("The demo needs the supervision tree 'ingest' (application.yml)")))) {
			this.handles.add(supervision.handle(PATH + "/" + id, Producer.class));
		}
		this.offerTimeoutNanos = properties.getOfferTimeout().toNanos();
		this.capacity = properties.getBacklogCapacity();
	}

	private static List<String> producerIds(TreeDefinition tree) {
		ChildSpec producers = staticSpec(tree.spec()).children()
			.stream()
			.filter((child) -> child.id().equals("producers"))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("The demo needs the supervisor '" + PATH + "'"));
		return staticSpec(producers.supervisor()).children().stream().map(ChildSpec::id).toList();
	}

	private static StaticSupervisorSpec staticSpec(@Nullable SupervisorSpec spec) {
		if (spec instanceof StaticSupervisorSpec staticSpec) {
			return staticSpec;
		}
		throw new IllegalStateException("The demo needs '" + PATH + "' to be a static supervisor under 'ingest'");
	}

	/**
	 * Accepts a message into the backlog of a producer.
	 * @param key routes messages with the same key to the same producer; {@code null}
	 * for round robin
	 * @param payload the message
	 * @return the accepted message and the producer's path
	 * @throws BacklogFullException if the producer's backlog is full
	 * @throws ChildUnavailableException if no incarnation of the producer took it in time
	 */
	public Accepted publish(@Nullable String key, String payload) {
		int index = Math.floorMod((key != null) ? key.hashCode() : this.next.getAndIncrement(), this.handles.size());
		ChildHandle<Producer> handle = this.handles.get(index);
		Message message = new Message(this.run + "-" + this.sequence.incrementAndGet(), payload);
		long deadline = System.nanoTime() + this.offerTimeoutNanos;
		while (true) {
			Offer offer = handle.call((producer) -> producer.offer(message));
			switch (offer) {
				case ACCEPTED -> {
					return new Accepted(message, handle.path());
				}
				case FULL -> throw new BacklogFullException(handle.path(), this.capacity);
				case CLOSED -> {
					if (System.nanoTime() - deadline > 0) {
						throw new ChildUnavailableException(handle.path(), "stopping", "Producer '" + handle.path()
								+ "' is flushing its backlog on its way out and no new incarnation took over in time");
					}
					// The incarnation on its way out still takes calls until its last flush
					// is done: try again shortly, to reach its successor.
					LockSupport.parkNanos(1_000_000);
				}
			}
		}
	}

	/**
	 * Return the status of every producer, in declaration order.
	 * @return what each running producer holds, or the state of one that is not running
	 */
	public List<Object> status() {
		List<Object> statuses = new ArrayList<>();
		for (ChildHandle<Producer> handle : this.handles) {
			ChildState state = handle.state();
			statuses.add((state == ChildState.RUNNING) ? handle.call(Producer::status)
					: new Down(handle.path(), state.name().toLowerCase(Locale.ROOT)));
		}
		return statuses;
	}

	/**
	 * A message in a producer's backlog.
	 *
	 * @param message the message
	 * @param producer the producer's path
	 */
	public record Accepted(Message message, String producer) {

	}

	/**
	 * A producer that is not running.
	 *
	 * @param path its path
	 * @param state its state
	 */
	public record Down(String path, String state) {

	}

}
