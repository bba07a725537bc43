/**
 * A small application run as several replicas, each a separate JVM, by the cluster tests.
 */
@NullMarked
package dev.supervisor.spring.cluster.replica;

import org.jspecify.annotations.NullMarked;
