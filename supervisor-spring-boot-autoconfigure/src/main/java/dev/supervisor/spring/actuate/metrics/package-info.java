/**
 * Micrometer meters of the supervision trees.
 */
@NullMarked
package dev.supervisor.spring.actuate.metrics;

import org.jspecify.annotations.NullMarked;
