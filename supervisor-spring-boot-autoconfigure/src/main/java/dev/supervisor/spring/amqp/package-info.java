/**
 * Spring AMQP listener containers as supervised children ({@code rabbit-listener:}): taken
 * over from the {@code RabbitListenerEndpointRegistry} or from Spring's lifecycle, started
 * afresh per incarnation, and crashed by their own fatal
 * {@code ListenerContainerConsumerFailedEvent} signals.
 */
@NullMarked
package dev.supervisor.spring.amqp;

import org.jspecify.annotations.NullMarked;
