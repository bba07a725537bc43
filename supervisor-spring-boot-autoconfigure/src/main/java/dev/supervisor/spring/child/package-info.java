/**
 * Bean children: how a Spring bean (a prototype, a singleton or a {@code class:}) becomes
 * the instances of a worker or service, and how {@link java.lang.Runnable} and
 * {@link org.springframework.context.Lifecycle} beans are adapted. Public types here other than
 * those documented as API are used by the registry and are not meant to be called by applications.
 */
@NullMarked
package dev.supervisor.spring.child;

import org.jspecify.annotations.NullMarked;
