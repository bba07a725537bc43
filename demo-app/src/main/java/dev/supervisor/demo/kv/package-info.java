/**
 * The {@code kv} tree: a registry of buckets and the dynamic supervisor of the buckets,
 * restarted together (one-for-all).
 */
@NullMarked
package dev.supervisor.demo.kv;

import org.jspecify.annotations.NullMarked;
