/**
 * The supervision engine: one actor per supervisor with its mailbox, child records, restart
 * window and shutdown logic, after OTP's {@code supervisor.erl}.
 * <p>
 * <strong>Not API.</strong> These types are public only so that the packages of this
 * library can share them; they may change or disappear in any release, without notice or
 * deprecation, and are left out of the published Javadoc. Applications use the types of
 * {@code dev.supervisor} and {@code dev.supervisor.spring}.
 */
@NullMarked
package dev.supervisor.internal;

import org.jspecify.annotations.NullMarked;
