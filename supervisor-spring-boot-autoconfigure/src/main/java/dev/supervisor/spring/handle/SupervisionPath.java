package dev.supervisor.spring.handle;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the supervised child an injected {@link ChildHandle} reaches. <pre>{@code
 * &#64;SupervisionPath("ingest/connection") ChildHandle<BrokerConnection> connection
 * }</pre>
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SupervisionPath {

	/**
	 * The child's path: the tree's name, then the ids of the supervisors down to the
	 * child.
	 * @return the path, e.g. {@code ingest/connection}
	 */
	String value();

}
