/**
 * The event history of the trees: the last events of every node (dynamic children folded into
 * their supervisor), newest first, and bounded live subscriptions to new events.
 */
@NullMarked
package dev.supervisor.spring.history;

import org.jspecify.annotations.NullMarked;
