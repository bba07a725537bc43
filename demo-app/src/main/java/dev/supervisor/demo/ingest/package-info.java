/**
 * The {@code ingest} tree: a client holding a broker connection, and one producer per
 * partition with a bounded backlog that it flushes to an append-only journal.
 */
@NullMarked
package dev.supervisor.demo.ingest;

import org.jspecify.annotations.NullMarked;
