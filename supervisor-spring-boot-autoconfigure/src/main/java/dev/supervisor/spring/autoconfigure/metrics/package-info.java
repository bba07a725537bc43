/**
 * Auto-configuration of the supervision meters.
 */
@NullMarked
package dev.supervisor.spring.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
