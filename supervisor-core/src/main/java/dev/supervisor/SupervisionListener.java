package dev.supervisor;

/**
 * Receives the events of a tree. Called on the supervisor's own thread, in order: keep it quick
 * and never call back into the same supervisor synchronously.
 */
@FunctionalInterface
public interface SupervisionListener {

	/**
	 * Called for every event.
	 * @param event the event
	 */
	void onEvent(SupervisionEvent event);

}
