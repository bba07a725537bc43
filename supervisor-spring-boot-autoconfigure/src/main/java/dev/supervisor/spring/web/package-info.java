/**
 * Web integration: a supervised child that is unavailable answers {@code 503} with problem details.
 */
@NullMarked
package dev.supervisor.spring.web;

import org.jspecify.annotations.NullMarked;
