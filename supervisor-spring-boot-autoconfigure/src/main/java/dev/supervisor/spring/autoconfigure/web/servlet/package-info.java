/**
 * Auto-configuration of the servlet filters that keep a client's malformed request a client
 * error.
 */
@NullMarked
package dev.supervisor.spring.autoconfigure.web.servlet;

import org.jspecify.annotations.NullMarked;
