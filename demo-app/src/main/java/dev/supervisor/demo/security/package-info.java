/**
 * The demo's security: open by default; with {@code demo.security.enabled=true}, the
 * supervision endpoint and console need a login, and operator actions the OPS role.
 */
@NullMarked
package dev.supervisor.demo.security;

import org.jspecify.annotations.NullMarked;
