package dev.supervisor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.supervisor.Outcome.Status;

import org.jspecify.annotations.Nullable;

/**
 * A reference model of a supervision tree: OTP's rules from {@code supervisor.erl} (restart
 * types, strategies, {@code add_restart/1}, escalation, {@code terminate_child},
 * {@code restart_child}, {@code delete_child}, EEP 56 auto-shutdown) plus RabbitMQ's
 * {@code intrinsic}, as DESIGN.md §3 states them. Single-threaded and exact: after each step it
 * knows every child's state, incarnation and restart count, each supervisor's restart window, the
 * order in which services were started and stopped, and which supervisors gave up.
 */
final class SupervisionModel {

	/**
	 * The spec of one static supervisor, as generated.
	 *
	 * @param strategy its strategy
	 * @param intensity maximum restarts within the period
	 * @param period the window
	 * @param autoShutdown when significant children stop it
	 * @param children its children in start order
	 */
	record SupDef(Strategy strategy, int intensity, Duration period, AutoShutdown autoShutdown,
			List<ChildDef> children) {

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder(name(this.strategy)).append("(intensity=")
				.append(this.intensity)
				.append(", period=")
				.append(this.period.toMillis())
				.append("ms");
			if (this.autoShutdown != AutoShutdown.NEVER) {
				text.append(", auto-shutdown=").append(name(this.autoShutdown));
			}
			text.append(") ").append(this.children);
			return text.toString();
		}

	}

	/**
	 * The spec of one child: a service, or a nested static supervisor when {@code nested} is set.
	 *
	 * @param id its id
	 * @param restart its restart type
	 * @param significant whether it is significant
	 * @param nested the nested supervisor's spec, or {@code null} for a service
	 */
	record ChildDef(String id, RestartType restart, boolean significant, @Nullable SupDef nested) {

		@Override
		public String toString() {
			return this.id + " " + name(this.restart) + (this.significant ? " significant" : "")
					+ ((this.nested != null) ? " supervisor " + this.nested : "");
		}

	}

	/** How an incarnation ended. */
	enum Reason {

		NORMAL, SHUTDOWN, CRASHED

	}

	/** One incarnation of a supervisor (OTP's {@code #state{}}). */
	private static final class Sup {

		final String path;

		final SupDef def;

		final @Nullable Sup parent;

		final @Nullable Child owner;

		final List<Child> children = new ArrayList<>();

		/** OTP's {@code restarts}: the times of the restarts in the window, oldest first. */
		final ArrayDeque<Long> restarts = new ArrayDeque<>();

		/** Set when the supervisor must stop by itself once the current event is handled. */
		boolean exiting;

		boolean gaveUp;

		Sup(String path, SupDef def, @Nullable Sup parent, @Nullable Child owner) {
			this.path = path;
			this.def = def;
			this.parent = parent;
			this.owner = owner;
		}

	}

	/** One child of a supervisor (OTP's {@code #child{}}). */
	private static final class Child {

		final ChildDef def;

		final String path;

		ChildState state = ChildState.STOPPED;

		long incarnations;

		int restartCount;

		/** The current, or last, incarnation of a nested supervisor. */
		@Nullable Sup nested;

		Child(ChildDef def, String path) {
			this.def = def;
			this.path = path;
		}

		boolean isRunning() {
			return this.state == ChildState.RUNNING;
		}

	}

	private final String name;

	private final SupDef rootDef;

	private long now;

	private ChildState treeState = ChildState.STOPPED;

	private long rootIncarnations;

	private @Nullable Sup root;

	/** Every start and stop of a service, in order: {@code start:path#n}, {@code stop:path#n}. */
	final List<String> journal = new ArrayList<>();

	/**
	 * Journal entries that may or may not happen: the stop of a service that reported its exit
	 * while its supervisor was busy (it is stopped only if the stop request came first).
	 */
	final List<String> optionalJournal = new ArrayList<>();

	/** A service that reported its exit which its supervisor has not handled yet. */
	private @Nullable Child reported;

	/** The paths of the supervisors that gave up, in order. */
	final List<String> gaveUp = new ArrayList<>();

	/** How often each rule was applied, so a run can show that it exercised them all. */
	final Map<String, Integer> coverage = new TreeMap<>();

	SupervisionModel(String name, SupDef rootDef) {
		this.name = name;
		this.rootDef = rootDef;
	}

	ChildState treeState() {
		return this.treeState;
	}

	/** Starts the tree: the root starts its children in order, depth first. */
	void start() {
		this.rootIncarnations++;
		Sup sup = new Sup(this.name, this.rootDef, null, null);
		this.root = sup;
		startChildren(sup);
		this.treeState = ChildState.RUNNING;
	}

	/** Stops the tree if it runs: children in reverse start order. */
	void stop() {
		if (this.treeState == ChildState.RUNNING) {
			terminateChildren(this.root);
			this.treeState = ChildState.STOPPED;
		}
	}

	/** The operator's restart of the whole tree: stop if running, then a fresh start. */
	Status restartTree() {
		note("tree restarted while " + this.treeState);
		stop();
		start();
		return Status.OK;
	}

	void advance(Duration duration) {
		this.now += duration.toNanos();
	}

	/** A running service reports a crash. */
	void crash(String path) {
		exit(path, Reason.CRASHED);
	}

	/** A running service reports a normal exit. */
	void exitNormally(String path) {
		exit(path, Reason.NORMAL);
	}

	/**
	 * Two services of one supervisor report their exits at once: the supervisor handles the first
	 * while the second waits in its mailbox. If handling the first stops or restarts the second
	 * (a group restart, or the supervisor stopping), the second exit belongs to an incarnation
	 * that has ended and is ignored (OTP: {@code shutdown/2} consumes its {@code 'EXIT'}).
	 */
	void exitTogether(String first, Reason firstReason, String second, Reason secondReason) {
		Child other = find(second);
		long incarnation = other.incarnations;
		this.reported = other;
		try {
			exit(first, firstReason);
		}
		finally {
			this.reported = null;
		}
		if (other.isRunning() && other.incarnations == incarnation && find(second) == other) {
			note("second exit handled after the first");
			exit(second, secondReason);
		}
		else {
			note("second exit absorbed: its incarnation was already stopped by the first's handling");
		}
	}

	private void exit(String path, Reason reason) {
		Child child = find(path);
		if (child == null || !child.isRunning() || child.def.nested() != null) {
			throw new IllegalStateException("not a running service: " + path);
		}
		child.state = ChildState.STOPPED;
		handleExit(supervisorOf(path), child, reason);
	}

	/** OTP {@code terminate_child/2}: stop it, keep its spec (a temporary child is removed). */
	Status terminateChild(String supervisorPath, String id) {
		Sup sup = resolve(supervisorPath);
		if (sup == null) {
			return Status.SUPERVISOR_DOWN;
		}
		Child child = childOf(sup, id);
		if (child == null) {
			return Status.NOT_FOUND;
		}
		stopChild(child);
		if (child.def.restart() == RestartType.TEMPORARY) {
			sup.children.remove(child);
		}
		return Status.OK;
	}

	/** OTP {@code restart_child/2}: only a child that is not running; does not count. */
	Status restartChild(String supervisorPath, String id) {
		Sup sup = resolve(supervisorPath);
		if (sup == null) {
			return Status.SUPERVISOR_DOWN;
		}
		Child child = childOf(sup, id);
		if (child == null) {
			return Status.NOT_FOUND;
		}
		if (child.isRunning()) {
			return Status.RUNNING;
		}
		startChild(sup, child);
		return Status.OK;
	}

	/** OTP {@code delete_child/2}: only a child that is not running. */
	Status deleteChild(String supervisorPath, String id) {
		Sup sup = resolve(supervisorPath);
		if (sup == null) {
			return Status.SUPERVISOR_DOWN;
		}
		Child child = childOf(sup, id);
		if (child == null) {
			return Status.NOT_FOUND;
		}
		if (child.isRunning()) {
			return Status.RUNNING;
		}
		sup.children.remove(child);
		return Status.OK;
	}

	/**
	 * OTP {@code start_child/2} on a static supervisor: a new child at the end of the start order.
	 * A child with that id that runs is {@code already_started}, one that does not is
	 * {@code already_present}.
	 */
	Status startChild(String supervisorPath, ChildDef def) {
		Sup sup = resolve(supervisorPath);
		if (sup == null) {
			return Status.SUPERVISOR_DOWN;
		}
		Child existing = childOf(sup, def.id());
		if (existing != null) {
			return existing.isRunning() ? Status.RUNNING : Status.ALREADY_PRESENT;
		}
		Child child = new Child(def, sup.path + "/" + def.id());
		sup.children.add(child);
		startChild(sup, child);
		return Status.OK;
	}

	/**
	 * Whether the supervisor at the path runs and has a running child with that id.
	 * @param supervisorPath the supervisor
	 * @param id the child's id
	 * @return {@code true} if that child runs
	 */
	boolean isRunning(String supervisorPath, String id) {
		Sup sup = resolve(supervisorPath);
		Child child = (sup != null) ? childOf(sup, id) : null;
		return child != null && child.isRunning();
	}

	/**
	 * OTP {@code which_children/1}: one line per child in start order.
	 * @param supervisorPath the supervisor
	 * @return {@code id kind state #incarnation} per child, or {@code null} if it is not running
	 */
	@Nullable List<String> whichChildren(String supervisorPath) {
		Sup sup = resolve(supervisorPath);
		if (sup == null) {
			return null;
		}
		List<String> lines = new ArrayList<>();
		for (Child child : sup.children) {
			lines.add(child.def.id() + " " + ((child.def.nested() != null) ? ChildKind.SUPERVISOR : ChildKind.SERVICE)
					+ " " + child.state + " #" + child.incarnations);
		}
		return lines;
	}

	/**
	 * OTP {@code count_children/1}.
	 * @param supervisorPath the supervisor
	 * @return the counts, or {@code null} if it is not running
	 */
	@Nullable ChildCounts countChildren(String supervisorPath) {
		Sup sup = resolve(supervisorPath);
		if (sup == null) {
			return null;
		}
		int active = 0;
		int supervisors = 0;
		for (Child child : sup.children) {
			active += child.isRunning() ? 1 : 0;
			supervisors += (child.def.nested() != null) ? 1 : 0;
		}
		return new ChildCounts(sup.children.size(), active, supervisors, sup.children.size() - supervisors);
	}

	/** The operator's restart: stop if running, start a new incarnation; does not count. */
	Status forceRestartChild(String supervisorPath, String id) {
		Sup sup = resolve(supervisorPath);
		if (sup == null) {
			return Status.SUPERVISOR_DOWN;
		}
		Child child = childOf(sup, id);
		if (child == null) {
			return Status.NOT_FOUND;
		}
		stopChild(child);
		startChild(sup, child);
		return Status.OK;
	}

	/** @return the paths of the running services, in tree order */
	List<String> runningServices() {
		List<String> paths = new ArrayList<>();
		if (this.root != null) {
			collectRunning(this.root, paths);
		}
		return paths;
	}

	/** @return the running services as {@code path#incarnation}, in tree order */
	List<String> liveIncarnations() {
		List<String> live = new ArrayList<>();
		for (String path : runningServices()) {
			live.add(path + "#" + find(path).incarnations);
		}
		return live;
	}

	/**
	 * One line per node, in tree order, as {@link #describe(NodeSnapshot)} writes the engine's.
	 * @return the expected nodes
	 */
	List<String> expectedNodes() {
		List<String> lines = new ArrayList<>();
		Sup sup = this.root;
		Integer window = (this.treeState == ChildState.RUNNING) ? restartsInWindow(sup) : null;
		lines.add(line(this.name, this.treeState, this.rootIncarnations, 0, window));
		if (sup != null) {
			collectLines(sup, lines);
		}
		return lines;
	}

	/**
	 * The engine's snapshot in the same form as {@link #expectedNodes()}: path, state,
	 * incarnation, restart count, and for running supervisors the restarts in the window.
	 * @param root the engine's snapshot of the tree
	 * @return one line per node
	 */
	static List<String> describe(NodeSnapshot root) {
		List<String> lines = new ArrayList<>();
		describe(root, lines);
		return lines;
	}

	private static void describe(NodeSnapshot node, List<String> lines) {
		Integer window = (node.supervisor() != null && node.state() == ChildState.RUNNING)
				? node.supervisor().restartsInWindow() : null;
		lines.add(line(node.path(), node.state(), node.incarnation(), node.restartCount(), window));
		if (node.supervisor() != null) {
			for (NodeSnapshot child : node.supervisor().children()) {
				describe(child, lines);
			}
		}
	}

	private static String line(String path, ChildState state, long incarnation, int restartCount,
			@Nullable Integer window) {
		return path + " " + state + " #" + incarnation + " restarts=" + restartCount
				+ ((window != null) ? " window=" + window : "");
	}

	private void collectLines(Sup sup, List<String> lines) {
		for (Child child : sup.children) {
			Sup nested = child.nested;
			Integer window = (nested != null && child.isRunning()) ? restartsInWindow(nested) : null;
			lines.add(line(child.path, child.state, child.incarnations, child.restartCount, window));
			if (nested != null) {
				collectLines(nested, lines);
			}
		}
	}

	private void collectRunning(Sup sup, List<String> paths) {
		for (Child child : sup.children) {
			if (child.isRunning()) {
				if (child.nested != null) {
					collectRunning(child.nested, paths);
				}
				else {
					paths.add(child.path);
				}
			}
		}
	}

	// ---- the rules

	/** OTP {@code init_children/2}: start the children one by one in order. */
	private void startChildren(Sup sup) {
		for (ChildDef def : sup.def.children()) {
			Child child = new Child(def, sup.path + "/" + def.id());
			sup.children.add(child);
			startChild(sup, child);
		}
	}

	/** OTP {@code do_start_child/2}: every start is a new incarnation. */
	private void startChild(Sup sup, Child child) {
		child.incarnations++;
		child.state = ChildState.RUNNING;
		SupDef nested = child.def.nested();
		if (nested != null) {
			// A new supervisor process: fresh children, fresh restart window.
			Sup incarnation = new Sup(child.path, nested, sup, child);
			child.nested = incarnation;
			startChildren(incarnation);
		}
		else {
			this.journal.add("start:" + child.path + "#" + child.incarnations);
		}
	}

	/** OTP {@code do_terminate/2}: stopping a supervisor stops its children first. */
	private void stopChild(Child child) {
		if (!child.isRunning()) {
			return;
		}
		if (child.nested != null) {
			terminateChildren(child.nested);
		}
		else if (child == this.reported) {
			this.optionalJournal.add("stop:" + child.path + "#" + child.incarnations);
		}
		else {
			this.journal.add("stop:" + child.path + "#" + child.incarnations);
		}
		child.state = ChildState.STOPPED;
	}

	/** OTP {@code terminate_children/2} when a supervisor stops: reverse start order. */
	private void terminateChildren(Sup sup) {
		for (int i = sup.children.size() - 1; i >= 0; i--) {
			stopChild(sup.children.get(i));
		}
	}

	/**
	 * A child of {@code sup} ended by itself; if that makes {@code sup} stop, it stops its
	 * children and its own parent sees it exit with {@code shutdown}.
	 */
	private void handleExit(Sup sup, Child child, Reason reason) {
		childExited(sup, child, reason);
		if (!sup.exiting) {
			return;
		}
		terminateChildren(sup);
		Sup parent = sup.parent;
		if (parent == null) {
			this.treeState = sup.gaveUp ? ChildState.FAILED : ChildState.STOPPED;
			return;
		}
		Child owner = sup.owner;
		owner.state = ChildState.STOPPED;
		note("nested supervisor exited (" + (sup.gaveUp ? "gave up" : "shutdown") + "), parent applies "
				+ name(owner.def.restart()));
		handleExit(parent, owner, Reason.SHUTDOWN);
	}

	/** OTP {@code do_restart/3}, one clause per restart type, plus intrinsic. */
	private void childExited(Sup sup, Child child, Reason reason) {
		boolean abnormal = reason == Reason.CRASHED;
		RestartType type = child.def.restart();
		switch (type) {
			case PERMANENT -> restart(sup, child);
			case TRANSIENT -> {
				if (abnormal) {
					restart(sup, child);
				}
				else {
					note("transient child exited normally: not restarted");
					autoShutdown(sup, child);
				}
			}
			case INTRINSIC -> {
				if (abnormal) {
					restart(sup, child);
				}
				else {
					// RabbitMQ supervisor2: the child is removed and the supervisor stops with shutdown.
					note("intrinsic child exited normally: its supervisor stops");
					sup.children.remove(child);
					sup.exiting = true;
				}
			}
			case TEMPORARY -> {
				note("temporary child exited: removed");
				sup.children.remove(child);
				autoShutdown(sup, child);
			}
		}
	}

	/** OTP {@code do_auto_shutdown/2} (EEP 56). */
	private void autoShutdown(Sup sup, Child child) {
		if (!child.def.significant()) {
			return;
		}
		switch (sup.def.autoShutdown()) {
			case NEVER -> {
			}
			case ANY_SIGNIFICANT -> {
				note("auto-shutdown any-significant");
				sup.exiting = true;
			}
			case ALL_SIGNIFICANT -> {
				boolean anyLeft = false;
				for (Child other : sup.children) {
					anyLeft = anyLeft || (other.def.significant() && other.isRunning());
				}
				note(anyLeft ? "all-significant: another significant child still runs" : "auto-shutdown all-significant");
				sup.exiting = !anyLeft;
			}
		}
	}

	/** OTP {@code restart/2}: count, then restart per strategy or give up. */
	private void restart(Sup sup, Child child) {
		if (!addRestart(sup)) {
			note("gave up (" + ((sup.parent == null) ? "root" : "nested") + ", intensity " + sup.def.intensity() + ")");
			this.gaveUp.add(sup.path);
			sup.gaveUp = true;
			sup.exiting = true;
			return;
		}
		List<Child> group = switch (sup.def.strategy()) {
			case ONE_FOR_ONE -> List.of(child);
			case ONE_FOR_ALL -> new ArrayList<>(sup.children);
			case REST_FOR_ONE -> new ArrayList<>(sup.children.subList(sup.children.indexOf(child), sup.children.size()));
		};
		// OTP terminate_children/2 in restart/3: reverse start order; temporary ones are dropped.
		note("restart " + name(sup.def.strategy()) + ((group.size() > 1) ? " (group)" : ""));
		for (int i = group.size() - 1; i >= 0; i--) {
			Child other = group.get(i);
			if (other != child) {
				if (!other.isRunning()) {
					note("group restart starts a sibling that was not running");
				}
				stopChild(other);
				if (other.def.restart() == RestartType.TEMPORARY) {
					note("group restart drops a temporary sibling");
					sup.children.remove(other);
				}
			}
		}
		// OTP start_children/2: every member that still has a spec, running or not before.
		for (Child member : group) {
			if (sup.children.contains(member)) {
				startChild(sup, member);
				member.restartCount++;
			}
		}
	}

	/**
	 * OTP {@code add_restart/1}: entries older than {@code now - period} are dropped (one exactly
	 * {@code period} old still counts); more than {@code intensity} left means give up.
	 */
	private boolean addRestart(Sup sup) {
		long threshold = this.now - sup.def.period().toNanos();
		if (sup.restarts.removeIf((time) -> time < threshold)) {
			note("window: old restarts expired");
		}
		if (sup.restarts.contains(threshold)) {
			note("window: a restart exactly one period old still counts");
		}
		sup.restarts.addLast(this.now);
		return sup.restarts.size() <= sup.def.intensity();
	}

	private int restartsInWindow(Sup sup) {
		long threshold = this.now - sup.def.period().toNanos();
		int count = 0;
		for (long time : sup.restarts) {
			count += (time >= threshold) ? 1 : 0;
		}
		return count;
	}

	// ---- paths

	/** The running supervisor at the path, as an operator's handle reaches it. */
	private @Nullable Sup resolve(String path) {
		if (this.treeState != ChildState.RUNNING) {
			return null;
		}
		String[] segments = path.split("/");
		if (!segments[0].equals(this.name)) {
			return null;
		}
		Sup sup = this.root;
		for (int i = 1; i < segments.length; i++) {
			Child child = childOf(sup, segments[i]);
			if (child == null || !child.isRunning() || child.nested == null) {
				return null;
			}
			sup = child.nested;
		}
		return sup;
	}

	private @Nullable Child find(String path) {
		int slash = path.lastIndexOf('/');
		Sup sup = supervisorOf(path);
		return (sup != null) ? childOf(sup, path.substring(slash + 1)) : null;
	}

	private @Nullable Sup supervisorOf(String childPath) {
		String[] segments = childPath.split("/");
		Sup sup = this.root;
		for (int i = 1; i < segments.length - 1 && sup != null; i++) {
			Child child = childOf(sup, segments[i]);
			sup = (child != null) ? child.nested : null;
		}
		return sup;
	}

	private static @Nullable Child childOf(Sup sup, String id) {
		for (Child child : sup.children) {
			if (child.def.id().equals(id)) {
				return child;
			}
		}
		return null;
	}

	/**
	 * Counts an operator operation's outcome.
	 * @param operation the operation
	 * @param status its outcome
	 * @return the outcome
	 */
	Status noted(String operation, Status status) {
		note(operation + " -> " + status);
		return status;
	}

	private void note(String rule) {
		this.coverage.merge(rule, 1, Integer::sum);
	}

	private static String name(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
