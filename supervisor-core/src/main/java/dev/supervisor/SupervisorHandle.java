package dev.supervisor;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Operations on one supervisor of a tree, found by path. Every operation is a message to the
 * supervisor and is served in order with its other work, so none ever observes a half-done
 * restart. The handle follows the supervisor across its own restarts. Never call a handle from
 * the supervisor's own thread (a service's {@code start}, a factory or a listener): it would wait
 * for itself, so that throws {@link IllegalStateException}.
 */
public interface SupervisorHandle {

	/**
	 * The supervisor's path.
	 * @return the path
	 */
	String path();

	/**
	 * Adds a child at the end of the start order and starts it (OTP {@code start_child/2} on a
	 * static supervisor).
	 * @param spec the child's spec
	 * @return OK, IGNORED, ALREADY_PRESENT, RUNNING, INVALID, START_FAILED, NOT_SUPPORTED for a
	 * dynamic supervisor, or SUPERVISOR_DOWN
	 */
	Outcome startChild(ChildSpec spec);

	/**
	 * Starts a child of a dynamic supervisor from its template (OTP {@code start_child/2} on a
	 * {@code simple_one_for_one} supervisor).
	 * @param id the child's id, or {@code null} to have one generated
	 * @param argument the extra start argument the child's factory sees, or {@code null}
	 * @return OK (with the child's path), IGNORED, ALREADY_PRESENT, MAX_CHILDREN, START_FAILED,
	 * NOT_SUPPORTED for a static supervisor, or SUPERVISOR_DOWN
	 */
	Outcome startDynamicChild(@Nullable String id, @Nullable Object argument);

	/**
	 * Stops a child with its shutdown; its spec is kept (a temporary child and a dynamic child are
	 * removed). A pending delayed restart is cancelled (OTP {@code terminate_child/2}).
	 * @param id the child's id
	 * @return OK or NOT_FOUND (or SUPERVISOR_DOWN)
	 */
	Outcome terminateChild(String id);

	/**
	 * Starts a child that is not running (OTP {@code restart_child/2}). Does not count against the
	 * restart intensity.
	 * @param id the child's id
	 * @return OK, IGNORED, RUNNING, RESTARTING, START_FAILED, NOT_FOUND, NOT_SUPPORTED (dynamic) or
	 * SUPERVISOR_DOWN
	 */
	Outcome restartChild(String id);

	/**
	 * The operator's restart: stops the child if it is running (or cancels its pending restart),
	 * then starts a new incarnation. Does not count against the restart intensity. OTP has no
	 * single function for this ({@code terminate_child} then {@code restart_child}); here it is
	 * one step, so nothing can happen in between.
	 * @param id the child's id
	 * @return OK, IGNORED, START_FAILED, NOT_FOUND or SUPERVISOR_DOWN
	 */
	Outcome forceRestartChild(String id);

	/**
	 * Kills a running child, as OTP's {@code exit(Pid, kill)}: its thread is interrupted (a
	 * service's stop is asked for), nobody waits for it, and its incarnation ends at once with
	 * reason {@code killed}, which its supervisor treats as any abnormal exit: the child is
	 * restarted by its restart type, and the restart counts against the intensity. Java cannot
	 * kill a thread: an incarnation that ignores the interrupt is abandoned (see the node's
	 * abandoned incarnations); a new incarnation never runs on the same instance while it does.
	 * A nested supervisor is killed with its whole subtree; if its thread is inside user code that
	 * ignores the interrupt, it is abandoned too, and its next incarnation starts only once it has
	 * killed its children and ended. A child that had already exited by itself when the kill was
	 * handled is not killed (OTP: {@code exit(Pid, kill)} to a process that has exited does
	 * nothing): its own exit and reason stand, and the answer is NOT_RUNNING.
	 * @param id the child's id
	 * @return OK, NOT_RUNNING, RESTARTING, NOT_FOUND or SUPERVISOR_DOWN
	 */
	Outcome killChild(String id);

	/**
	 * Removes the spec of a child that is not running (OTP {@code delete_child/2}). A child whose
	 * restart is pending (backoff, delayed restart, retry) is refused with RESTARTING, as in OTP:
	 * {@link #terminateChild terminate} it first, which cancels the pending restart.
	 * @param id the child's id
	 * @return OK, RUNNING, RESTARTING, NOT_FOUND, NOT_SUPPORTED (dynamic) or SUPERVISOR_DOWN
	 */
	Outcome deleteChild(String id);

	/**
	 * The children in start order (OTP {@code which_children/1}); for a large dynamic supervisor
	 * prefer a paged {@link SupervisionTree#snapshot snapshot}.
	 * @return one line per child
	 * @throws SupervisorDownException if the supervisor is not running
	 */
	List<ChildInfo> whichChildren();

	/**
	 * Counts the children (OTP {@code count_children/1}).
	 * @return the counts
	 * @throws SupervisorDownException if the supervisor is not running
	 */
	ChildCounts countChildren();

	/**
	 * The spec of a child (OTP {@code get_childspec/2}).
	 * @param id the child's id
	 * @return the spec, or empty if there is no such child
	 * @throws SupervisorDownException if the supervisor is not running
	 */
	Optional<ChildSpec> getChildSpec(String id);

}
