/**
 * Fault injection for the demo only: crash a child, take the broker down, inject a poison
 * fact.
 */
@NullMarked
package dev.supervisor.demo.chaos;

import org.jspecify.annotations.NullMarked;
