/**
 * Auto-configuration of Spring Kafka listener containers as supervised children.
 */
@NullMarked
package dev.supervisor.spring.autoconfigure.kafka;

import org.jspecify.annotations.NullMarked;
