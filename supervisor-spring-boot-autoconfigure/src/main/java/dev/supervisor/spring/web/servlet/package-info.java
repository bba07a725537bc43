/**
 * Servlet filters that keep a client's malformed request a client error: a form body that
 * cannot be decoded, requests to the supervision endpoint in a spelling it does not take, and
 * writes to it that it cannot read, each logged and audited.
 */
@NullMarked
package dev.supervisor.spring.web.servlet;

import org.jspecify.annotations.NullMarked;
