/**
 * Tree assembly: the trees declared in properties, as {@code @Bean}s of
 * {@link dev.supervisor.SupervisorSpec} and with {@link dev.supervisor.spring.assembly.SupervisedChild},
 * merged and checked into {@link dev.supervisor.spring.assembly.TreeDefinition}s; configuration
 * problems are reported here.
 */
@NullMarked
package dev.supervisor.spring.assembly;

import org.jspecify.annotations.NullMarked;
