package dev.supervisor;

/**
 * The answer of {@link SupervisorHandle#countChildren()} (OTP {@code count_children/1}).
 *
 * @param specs all children, running or not
 * @param active children that are running
 * @param supervisors children that are supervisors
 * @param workers children that are workers or services
 */
public record ChildCounts(int specs, int active, int supervisors, int workers) {
}
