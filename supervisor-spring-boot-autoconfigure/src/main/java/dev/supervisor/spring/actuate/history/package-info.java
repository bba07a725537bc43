/**
 * The event history as operators read it: its JSON shape and the one place where exception
 * details are masked for whoever asks.
 */
@NullMarked
package dev.supervisor.spring.actuate.history;

import org.jspecify.annotations.NullMarked;
