/**
 * The public API of the supervision engine: child and supervisor specifications, the tree, its
 * operations, snapshots and events, modelled on Erlang/OTP's {@code supervisor}.
 */
@NullMarked
package dev.supervisor;

import org.jspecify.annotations.NullMarked;
