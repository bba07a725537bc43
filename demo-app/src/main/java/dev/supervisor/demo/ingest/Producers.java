package dev.supervisor.demo.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.supervisor.ChildSpec;
import dev.supervisor.StaticSupervisorSpec;
import dev.supervisor.SupervisorSpec;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.assembly.TreeDefinition;
import dev.supervisor.spring.handle.ChildHandle;

import org.jspecify.annotations.Nullable;

/**
 * Routes messages to the partitions of {@code ingest/producers}, one per producer: a
 * message is accepted once its partition's {@link Spool} has written it, whatever state the
 * producer is in (running, restarting, stopped, or the tree down), and the producer sends it
 * to the journal when it runs.
 */
public final class Producers {

	/** The path of the producers' supervisor. */
	public static final String PATH = "ingest/producers";

	private final List<String> ids;

	private final List<ChildHandle<Producer>> handles = new ArrayList<>();

	private final Spools spools;

	private final AtomicInteger next = new AtomicInteger();

	/**
	 * @param supervision the trees
	 * @param spools the spool of each producer's partition
	 */
	Producers(SupervisionRegistry supervision, Spools spools) {
		this.ids = producerIds(supervision);
		for (String id : this.ids) {
			this.handles.add(supervision.handle(PATH + "/" + id, Producer.class));
		}
		this.spools = spools;
	}

	/**
	 * The producers declared under {@code ingest/producers}, in declaration order: the
	 * partitions.
	 * @param supervision the trees
	 * @return their ids, e.g. {@code p-0}
	 */
	static List<String> producerIds(SupervisionRegistry supervision) {
		TreeDefinition tree = supervision.definition("ingest")
			.orElseThrow(() -> new IllegalStateException("The demo needs the supervision tree 'ingest' (application.yml)"));
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
	 * Accepts a message into the spool of a partition.
	 * @param key routes messages with the same key to the same partition; {@code null}
	 * for round robin
	 * @param payload the message
	 * @return the accepted message and its producer's path
	 * @throws BacklogFullException if the partition's spool holds its capacity
	 * @throws SpoolUnavailableException if the spool cannot take it
	 */
	public Accepted publish(@Nullable String key, String payload) {
		int index = Math.floorMod((key != null) ? key.hashCode() : this.next.getAndIncrement(), this.ids.size());
		Message message = this.spools.get(this.ids.get(index)).append(payload);
		return new Accepted(message, PATH + "/" + this.ids.get(index));
	}

	/**
	 * Return the status of every partition, in declaration order.
	 * @return what each spool holds, and the state of its producer
	 */
	public List<Status> status() {
		List<Status> statuses = new ArrayList<>();
		for (int i = 0; i < this.ids.size(); i++) {
			ChildHandle<Producer> handle = this.handles.get(i);
			statuses.add(new Status(handle.path(), handle.state().toString(), this.spools.get(this.ids.get(i)).status()));
		}
		return statuses;
	}

	/**
	 * A message in a partition's spool.
	 *
	 * @param message the message
	 * @param producer the path of the partition's producer
	 */
	public record Accepted(Message message, String producer) {

	}

	/**
	 * A partition: its producer and its spool.
	 *
	 * @param path the producer's path
	 * @param state the producer's state
	 * @param spool what the spool holds
	 */
	public record Status(String path, String state, Spool.Status spool) {

	}

}
