package dev.supervisor.demo.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-memory, append-only log of facts with the committed progress of each consumer
 * (as a broker keeps a consumer group's offset): a restarted consumer resumes where its
 * last incarnation committed.
 */
public final class FactLog {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition appended = this.lock.newCondition();

	private final List<Fact> facts = new ArrayList<>();

	private final Map<String, Progress> progress = new TreeMap<>();

	/**
	 * Appends a fact.
	 * @param amount what it adds to a balance
	 * @return the fact
	 */
	public Fact append(long amount) {
		return append(amount, false);
	}

	/**
	 * Appends a fact no consumer can apply.
	 * @return the fact
	 */
	public Fact appendPoison() {
		return append(0, true);
	}

	private Fact append(long amount, boolean poison) {
		this.lock.lock();
		try {
			Fact fact = new Fact(this.facts.size(), amount, poison, false);
			this.facts.add(fact);
			this.appended.signalAll();
			return fact;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The operator's decision: drops every poison fact, which consumers then skip.
	 * @return the offsets of the facts dropped
	 */
	public List<Long> dropPoison() {
		this.lock.lock();
		try {
			List<Long> dropped = new ArrayList<>();
			for (int i = 0; i < this.facts.size(); i++) {
				Fact fact = this.facts.get(i);
				if (fact.poison() && !fact.dropped()) {
					this.facts.set(i, fact.drop());
					dropped.add(fact.offset());
				}
			}
			return dropped;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits for the fact at an offset.
	 * @param offset the offset
	 * @return the fact
	 * @throws InterruptedException if interrupted while waiting
	 */
	public Fact await(long offset) throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			while (this.facts.size() <= offset) {
				this.appended.await();
			}
			return this.facts.get((int) offset);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The committed progress of a consumer.
	 * @param consumer the consumer's id
	 * @return its progress, from the start of the log if it never committed
	 */
	public Progress progress(String consumer) {
		this.lock.lock();
		try {
			return this.progress.getOrDefault(consumer, Progress.NONE);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Commits that a consumer has applied (or, for a dropped fact, skipped) the next
	 * fact.
	 * @param consumer the consumer's id
	 * @param fact the fact
	 */
	void commit(String consumer, Fact fact) {
		this.lock.lock();
		try {
			Progress current = this.progress.getOrDefault(consumer, Progress.NONE);
			this.progress.put(consumer, current.after(fact));
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the log's size, its poison facts not dropped yet, and every consumer's
	 * progress.
	 * @return the summary
	 */
	public Summary summary() {
		this.lock.lock();
		try {
			List<Long> poison = this.facts.stream()
				.filter((fact) -> fact.poison() && !fact.dropped())
				.map(Fact::offset)
				.toList();
			return new Summary(this.facts.size(), poison, new TreeMap<>(this.progress));
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * What a consumer has committed.
	 *
	 * @param next the offset of the next fact to apply
	 * @param applied how many facts it applied
	 * @param skipped how many dropped facts it skipped
	 * @param balance the sum of the amounts it applied
	 */
	public record Progress(long next, long applied, long skipped, long balance) {

		static final Progress NONE = new Progress(0, 0, 0, 0);

		Progress after(Fact fact) {
			return fact.dropped() ? new Progress(fact.offset() + 1, this.applied, this.skipped + 1, this.balance)
					: new Progress(fact.offset() + 1, this.applied + 1, this.skipped, this.balance + fact.amount());
		}

	}

	/**
	 * The log at a glance.
	 *
	 * @param size how many facts it holds
	 * @param poison the offsets of poison facts not dropped yet
	 * @param consumers every consumer's progress, by id
	 */
	public record Summary(int size, List<Long> poison, Map<String, Progress> consumers) {

	}

}
