/**
 * The supervision engine: one actor per supervisor with its mailbox, child records, restart
 * window and shutdown logic, after OTP's {@code supervisor.erl}.
 */
@NullMarked
package dev.supervisor.internal;

import org.jspecify.annotations.NullMarked;
