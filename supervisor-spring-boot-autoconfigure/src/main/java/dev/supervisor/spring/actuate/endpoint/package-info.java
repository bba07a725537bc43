/**
 * The {@code supervision} actuator endpoint: the live trees, and operator actions on them, with
 * the {@link dev.supervisor.spring.actuate.endpoint.SupervisionSanitizer} that decides what any
 * view of the trees shows its reader.
 */
@NullMarked
package dev.supervisor.spring.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
