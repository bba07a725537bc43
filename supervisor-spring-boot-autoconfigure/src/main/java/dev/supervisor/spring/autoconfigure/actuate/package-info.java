/**
 * Auto-configuration of the {@code supervision} actuator endpoint.
 */
@NullMarked
package dev.supervisor.spring.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
