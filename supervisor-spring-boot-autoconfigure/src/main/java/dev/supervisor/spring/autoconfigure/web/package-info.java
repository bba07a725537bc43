/**
 * Auto-configuration of the web integration: unavailable children as {@code 503} problem details.
 */
@NullMarked
package dev.supervisor.spring.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
