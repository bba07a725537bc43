/**
 * Auto-configuration of Spring AMQP listener containers as supervised children.
 */
@NullMarked
package dev.supervisor.spring.autoconfigure.amqp;

import org.jspecify.annotations.NullMarked;
