/**
 * Tests of the process's exit status when a tree gives up, in separate JVMs.
 */
package dev.supervisor.spring.exit;
