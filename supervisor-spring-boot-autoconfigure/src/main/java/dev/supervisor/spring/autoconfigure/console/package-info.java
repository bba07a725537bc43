/**
 * Auto-configuration of the operators' web console, in the management context.
 */
@NullMarked
package dev.supervisor.spring.autoconfigure.console;

import org.jspecify.annotations.NullMarked;
