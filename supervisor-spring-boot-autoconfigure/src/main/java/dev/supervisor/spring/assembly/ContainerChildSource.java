package dev.supervisor.spring.assembly;

import dev.supervisor.ChildFactory;
import dev.supervisor.Service;
import dev.supervisor.Shutdown;

/**
 * Makes children of message listener containers named by id, such as a
 * {@code kafka-listener:} or {@code rabbit-listener:} child. Provided as a bean by the
 * auto-configuration of each messaging library that is on the classpath; the tree assembly
 * asks the source whose {@link #key()} a child uses.
 * <p>Internal: public only so that the auto-configurations can provide it; not API, may
 * change without notice.
 */
public interface ContainerChildSource {

	/**
	 * The property a child names its container with, e.g. {@code kafka-listener}.
	 * @return the key
	 */
	String key();

	/**
	 * The factory of a child that is the listener container with the given id. The container
	 * is looked up and taken over from Spring when the application context starts, before any
	 * tree does; each incarnation of the child is a fresh start of that container.
	 * @param path the child's path
	 * @param containerId the id of the container: a listener id or a container bean's name
	 * @param origin where the child was declared, for error messages (a property path or a
	 * description)
	 * @param shutdown the child's shutdown: a container that has a stop timeout of its own (Spring
	 * AMQP's {@code shutdownTimeout}) gets it, so that it does not cut a stop the supervisor still
	 * waits for
	 * @return the factory
	 */
	ChildFactory<Service> factory(String path, String containerId, String origin, Shutdown shutdown);

}
