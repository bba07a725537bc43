/**
 * The supervision events published as Spring {@link org.springframework.context.ApplicationEvent}s:
 * children started, exited and restarted, supervisors that gave up. Listen with
 * {@code @EventListener}.
 */
@NullMarked
package dev.supervisor.spring.event;

import org.jspecify.annotations.NullMarked;
