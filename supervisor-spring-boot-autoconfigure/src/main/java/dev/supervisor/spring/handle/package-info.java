/**
 * Stable handles: {@link dev.supervisor.spring.handle.ChildHandle} reaches the current
 * incarnation of a supervised child by path, and waits a bounded time while it restarts. The slots
 * that follow incarnations ({@code IncarnationSlots}, {@code SupervisedNodes}) are used by the registry
 * and are not API.
 */
@NullMarked
package dev.supervisor.spring.handle;

import org.jspecify.annotations.NullMarked;
