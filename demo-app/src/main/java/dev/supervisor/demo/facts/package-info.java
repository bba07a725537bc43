/**
 * The {@code facts} tree: consumers of facts that may not be skipped; a poison fact keeps
 * them down until an operator restarts the tree.
 */
@NullMarked
package dev.supervisor.demo.facts;

import org.jspecify.annotations.NullMarked;
