/**
 * Message listener containers as supervised children, whatever their library: the take-over
 * of a container from Spring, the incarnation that starts and stops it, the routing of the
 * container's own events to the incarnation, and the crash a failure signal becomes. The
 * {@code kafka} and {@code amqp} packages map their library's signals onto this. Public types
 * here other than {@link dev.supervisor.spring.listener.ListenerContainerFailedException} are
 * used by those packages and are not meant to be called by applications.
 */
@NullMarked
package dev.supervisor.spring.listener;

import org.jspecify.annotations.NullMarked;
