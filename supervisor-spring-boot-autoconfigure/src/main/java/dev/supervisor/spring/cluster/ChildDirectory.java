package dev.supervisor.spring.cluster;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where the replicas of a distributed tree find what to run: the children that should run
 * somewhere (the desired state, with their start arguments) and the replicas taking part,
 * each with a lease it renews. Tables {@code SUPERVISION_CHILD} and
 * {@code SUPERVISION_MEMBER} ({@code dev/supervisor/spring/cluster/schema-postgresql.sql}).
 * Which replica runs a child is decided by its lock, never by this directory; the
 * {@code OWNER} column only says where it was last started.
 */
final class ChildDirectory {

	private final JdbcTemplate jdbc;

	private final String tree;

	ChildDirectory(DataSource dataSource, String tree) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.tree = tree;
	}

	/** Renews this replica's membership for the given time. */
	void renewMembership(String replica, Duration ttl) {
		Timestamp expires = Timestamp.valueOf(now().plus(ttl));
		int updated = this.jdbc.update("UPDATE SUPERVISION_MEMBER SET EXPIRES_AT=? WHERE TREE=? AND REPLICA=?", expires,
				this.tree, replica);
		if (updated == 0) {
			try {
				this.jdbc.update("INSERT INTO SUPERVISION_MEMBER (TREE, REPLICA, EXPIRES_AT) VALUES (?, ?, ?)", this.tree,
						replica, expires);
			}
			catch (DuplicateKeyException ex) {
				// Inserted meanwhile by an earlier run of this replica id.
			}
		}
	}

	void leave(String replica) {
		this.jdbc.update("DELETE FROM SUPERVISION_MEMBER WHERE TREE=? AND REPLICA=?", this.tree, replica);
	}

	/** @return the replicas whose membership has not expired, sorted */
	List<String> liveMembers() {
		return this.jdbc.queryForList(
				"SELECT REPLICA FROM SUPERVISION_MEMBER WHERE TREE=? AND EXPIRES_AT>? ORDER BY REPLICA", String.class,
				this.tree, Timestamp.valueOf(now()));
	}

	/** @return every child that should run, by id, with its argument */
	Map<String, @Nullable String> children() {
		Map<String, @Nullable String> children = new LinkedHashMap<>();
		this.jdbc.query("SELECT CHILD_ID, ARGUMENT FROM SUPERVISION_CHILD WHERE TREE=? ORDER BY CHILD_ID",
				(row) -> {
					children.put(row.getString(1), row.getString(2));
				}, this.tree);
		return children;
	}

	/** @return whether the child was added (false if a child of that id exists) */
	boolean add(String id, @Nullable String argument) {
		try {
			return this.jdbc.update("INSERT INTO SUPERVISION_CHILD (TREE, CHILD_ID, ARGUMENT) VALUES (?, ?, ?)",
					this.tree, id, argument) == 1;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/** @return whether there was such a child */
	boolean remove(String id) {
		return this.jdbc.update("DELETE FROM SUPERVISION_CHILD WHERE TREE=? AND CHILD_ID=?", this.tree, id) == 1;
	}

	/** Records where the children were started, in one batch. */
	void startedOn(List<String> ids, String replica) {
		this.jdbc.batchUpdate("UPDATE SUPERVISION_CHILD SET OWNER=? WHERE TREE=? AND CHILD_ID=?", ids.stream()
			.map((id) -> new Object[] { replica, this.tree, id })
			.toList());
	}

	/** @return the replica the child was last started on, if it exists and was started */
	Optional<String> lastOwner(String id) {
		return this.jdbc
			.queryForList("SELECT OWNER FROM SUPERVISION_CHILD WHERE TREE=? AND CHILD_ID=?", String.class, this.tree, id)
			.stream()
			.filter(java.util.Objects::nonNull)
			.findFirst();
	}

	/** @return whether a child of that id should run */
	boolean contains(String id) {
		Integer count = this.jdbc.queryForObject("SELECT COUNT(*) FROM SUPERVISION_CHILD WHERE TREE=? AND CHILD_ID=?",
				Integer.class, this.tree, id);
		return count != null && count > 0;
	}

	private static LocalDateTime now() {
		return LocalDateTime.now(ZoneOffset.UTC);
	}

}
