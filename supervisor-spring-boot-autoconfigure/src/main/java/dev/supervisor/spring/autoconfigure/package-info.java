/**
 * Auto-configuration for supervision trees: properties and wiring only.
 */
@NullMarked
package dev.supervisor.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
