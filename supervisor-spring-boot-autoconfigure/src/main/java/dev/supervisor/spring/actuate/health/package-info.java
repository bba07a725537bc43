/**
 * The {@code supervision} health contributor.
 */
@NullMarked
package dev.supervisor.spring.actuate.health;

import org.jspecify.annotations.NullMarked;
