/**
 * The demo application: three supervision trees declared in {@code application.yml},
 * each showing one reason to supervise.
 */
@NullMarked
package dev.supervisor.demo;

import org.jspecify.annotations.NullMarked;
