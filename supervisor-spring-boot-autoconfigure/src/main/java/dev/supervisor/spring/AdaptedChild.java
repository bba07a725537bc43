package dev.supervisor.spring;

/**
 * A worker or service made from an object of another type; handles reach the object
 * itself.
 */
interface AdaptedChild {

	/**
	 * The adapted object: the bean the user declared.
	 * @return the object
	 */
	Object target();

}
