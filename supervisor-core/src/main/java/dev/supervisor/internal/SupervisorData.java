package dev.supervisor.internal;

import java.util.List;

/** What a supervisor tells about itself for a snapshot: its window and a page of its children. */
record SupervisorData(int restartsInWindow, int totalChildren, int[] counts, int offset, List<ChildView> children,
		int abandoned, int restartsDelayed) {
}
