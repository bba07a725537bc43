/**
 * Auto-configuration of the {@code supervision} health contributor.
 */
@NullMarked
package dev.supervisor.spring.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
