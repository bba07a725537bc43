/**
 * The {@code kafka} profile: the {@code ingest} tree on a real Kafka broker (in-process by
 * default). Its client is a Kafka producer, and its consumers are a Spring Kafka listener
 * container supervised as a {@code kafka-listener:} child, which writes what it consumes to
 * the journal.
 */
@NullMarked
package dev.supervisor.demo.kafka;

import org.jspecify.annotations.NullMarked;
