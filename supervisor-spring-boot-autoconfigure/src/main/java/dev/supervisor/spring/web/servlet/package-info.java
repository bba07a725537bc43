/**
 * Servlet filters that keep a client's malformed request a client error: a form body that
 * cannot be decoded, and requests to the supervision endpoint in a spelling it does not take.
 */
@NullMarked
package dev.supervisor.spring.web.servlet;

import org.jspecify.annotations.NullMarked;
