/**
 * The {@code supervision} health contributor: one health indicator per tree.
 */
@NullMarked
package dev.supervisor.spring.actuate.health;

import org.jspecify.annotations.NullMarked;
