/**
 * The entry point of the Spring integration: {@link dev.supervisor.spring.SupervisionRegistry},
 * which runs each root tree as a {@link org.springframework.context.SmartLifecycle}, hands out
 * handles and reacts to trees that give up. Sub-packages, by concern: {@code assembly} (declaring
 * trees), {@code child} (beans as children), {@code handle} (stable handles), {@code event}
 * (application events), {@code web} (unavailable children as {@code 503} problem details);
 * {@code autoconfigure} wires them and {@code actuate} operates them.
 */
@NullMarked
package dev.supervisor.spring;

import org.jspecify.annotations.NullMarked;
