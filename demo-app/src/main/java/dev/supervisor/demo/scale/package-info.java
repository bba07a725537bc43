/**
 * The {@code scale} profile's tree: a dynamic supervisor of idle sessions, to see a
 * supervisor with 100,000 children in the console.
 */
@NullMarked
package dev.supervisor.demo.scale;

import org.jspecify.annotations.NullMarked;
