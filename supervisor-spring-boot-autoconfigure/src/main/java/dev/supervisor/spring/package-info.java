/**
 * Spring adapters for supervision trees: children made from beans, the per-tree
 * {@link org.springframework.context.SmartLifecycle}, the registry of trees and stable
 * handles.
 */
@NullMarked
package dev.supervisor.spring;

import org.jspecify.annotations.NullMarked;
