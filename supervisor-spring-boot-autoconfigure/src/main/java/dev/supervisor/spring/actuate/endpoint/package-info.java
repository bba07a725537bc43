/**
 * The {@code supervision} actuator endpoint: the live trees, and operator actions on them.
 */
@NullMarked
package dev.supervisor.spring.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
