/**
 * Spring Kafka listener containers as supervised children ({@code kafka-listener:}): taken over
 * from the {@code KafkaListenerEndpointRegistry} or from Spring's lifecycle, started afresh per
 * incarnation, and crashed by their own {@code ConsumerStoppedEvent} and
 * {@code ConsumerFailedToStartEvent} signals.
 */
@NullMarked
package dev.supervisor.spring.kafka;

import org.jspecify.annotations.NullMarked;
