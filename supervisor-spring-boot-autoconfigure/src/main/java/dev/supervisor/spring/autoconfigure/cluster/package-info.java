/**
 * Auto-configuration of cluster singleton trees, when Spring Integration is present.
 */
@NullMarked
package dev.supervisor.spring.autoconfigure.cluster;

import org.jspecify.annotations.NullMarked;
