package dev.supervisor.spring.assembly;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.supervisor.RestartType;

/**
 * Declares a bean as a child of a supervisor declared in properties or in Java. On a bean
 * class or a {@code @Bean} method; the bean is a {@link dev.supervisor.Worker}, a
 * {@link dev.supervisor.Service}, a Spring {@code Lifecycle} or a {@link Runnable}, as
 * for {@code bean:} in properties. A prototype bean gives a fresh instance per
 * incarnation.
 * <p>
 * On a {@code @Bean} method that returns a {@link dev.supervisor.ChildSpec}, the spec is
 * the child and only {@link #supervisor()} and {@link #order()} apply.
 * <p>
 * Annotated children come after the children declared with their supervisor, ordered by
 * {@link #order()}, then by bean registration order. An id used twice under one
 * supervisor is a start-up error.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SupervisedChild {

	/**
	 * The path of the static supervisor this bean is a child of.
	 * @return a tree's name, or the path of a nested supervisor such as
	 * {@code ingest/consumers}
	 */
	String supervisor();

	/**
	 * The child's id among its siblings.
	 * @return the id; empty for the bean's name
	 */
	String id() default "";

	/**
	 * What the child is.
	 * @return {@link ChildType#WORKER}, {@link ChildType#SERVICE}, or
	 * {@link ChildType#AUTO} to take it from the bean's type
	 */
	ChildType type() default ChildType.AUTO;

	/**
	 * When the child is restarted.
	 * @return the restart type
	 */
	RestartType restart() default RestartType.PERMANENT;

	/**
	 * How the child is stopped: a duration such as {@code 10s}, {@code infinity} or
	 * {@code brutal-kill}.
	 * @return the shutdown; empty for the default of 5 seconds
	 */
	String shutdown() default "";

	/**
	 * Whether the child's own exit may stop its supervisor (see {@code auto-shutdown}).
	 * @return whether the child is significant
	 */
	boolean significant() default false;

	/**
	 * The child's position among the annotated children of the same supervisor.
	 * @return the order, lower first
	 */
	int order() default 0;

}
