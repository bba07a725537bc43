package dev.supervisor.spring.child;

/**
 * A worker or service made from an object of another type; handles reach the object
 * itself.
 * <p>Internal: public only so that the handles can use it; not API, may change without notice.
 */
public interface AdaptedChild {

	/**
	 * The adapted object: the bean the user declared.
	 * @return the object
	 */
	Object target();

}
