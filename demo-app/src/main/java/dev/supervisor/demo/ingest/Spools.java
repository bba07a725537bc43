package dev.supervisor.demo.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.DisposableBean;

/**
 * The spools of all partitions, one per producer, opened (and read back) when the
 * application starts and closed after the trees have stopped.
 */
public final class Spools implements DisposableBean {

	private final Map<String, Spool> spools = new LinkedHashMap<>();

	/**
	 * Opens a spool per partition.
	 * @param directory the spool directory
	 * @param partitions the partitions, in order, e.g. {@code p-0}
	 * @param capacity how many messages not yet in the journal each spool holds at most
	 */
	public Spools(Path directory, List<String> partitions, int capacity) {
		for (String partition : partitions) {
			this.spools.put(partition, Spool.open(directory, partition, capacity));
		}
	}

	/**
	 * The spool of a partition.
	 * @param partition e.g. {@code p-0}
	 * @return the spool
	 * @throws IllegalArgumentException if there is no such partition
	 */
	public Spool get(String partition) {
		Spool spool = this.spools.get(partition);
		if (spool == null) {
			throw new IllegalArgumentException("No partition '" + partition + "': the partitions are the producers "
					+ "under '" + Producers.PATH + "', " + this.spools.keySet());
		}
		return spool;
	}

	/**
	 * Return every spool, in partition order.
	 * @return the spools
	 */
	public List<Spool> all() {
		return new ArrayList<>(this.spools.values());
	}

	@Override
	public void destroy() throws IOException {
		for (Spool spool : this.spools.values()) {
			spool.close();
		}
	}

}
