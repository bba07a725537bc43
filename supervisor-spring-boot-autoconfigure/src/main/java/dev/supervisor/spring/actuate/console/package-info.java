/**
 * The operators' web console: a page served under the supervision endpoint's path, and the live
 * stream of events it reads.
 */
@NullMarked
package dev.supervisor.spring.actuate.console;

import org.jspecify.annotations.NullMarked;
