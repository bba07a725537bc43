/**
 * The {@code relay} tree of the {@code cluster} profile: an outbox relay that must run on
 * one replica at a time, a cluster singleton elected through a PostgreSQL lock.
 */
@NullMarked
package dev.supervisor.demo.relay;

import org.jspecify.annotations.NullMarked;
