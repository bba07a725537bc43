package dev.supervisor;

/**
 * One line of {@link SupervisorHandle#whichChildren()} (OTP {@code which_children/1}).
 *
 * @param id the child's id
 * @param kind what it is
 * @param state its state
 * @param incarnation its current or last incarnation number
 */
public record ChildInfo(String id, ChildKind kind, ChildState state, long incarnation) {
}
