/**
 * Benchmarks of the supervision engine that print the anchors' {@code RESULT} lines, so our figures
 * fold into one table with Erlang/OTP's and Apache Pekko's ({@code ../shared/anchors}).
 */
@NullMarked
package dev.supervisor.bench;

import org.jspecify.annotations.NullMarked;
