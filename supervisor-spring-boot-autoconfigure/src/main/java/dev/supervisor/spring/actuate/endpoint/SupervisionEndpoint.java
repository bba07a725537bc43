package dev.supervisor.spring.actuate.endpoint;

import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.supervisor.ChildState;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.Outcome;
import dev.supervisor.SnapshotOptions;
import dev.supervisor.SupervisionTree;
import dev.supervisor.SupervisorHandle;
import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.actuate.history.ErrorMasking;
import dev.supervisor.spring.history.HistoryPage;
import dev.supervisor.spring.history.SupervisionHistory;
import dev.supervisor.spring.cluster.ClusterPlacement;
import dev.supervisor.spring.cluster.TreeCoordinator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.context.ApplicationEventPublisher;

/**
 * {@link Endpoint @Endpoint} to see the supervision trees and act on them: a thin adapter over
 * the {@link SupervisionRegistry}. Read-only unless the application opens it
 * ({@code management.endpoint.supervision.access=unrestricted}). A bad request is answered
 * before anything is done, so it never disturbs a tree.
 * <p>
 * Secure by default: messages from user code are masked unless the reader may see them
 * ({@link SupervisionSanitizer}); every response holds at most a budget of nodes, whatever the
 * trees' shape, and says when it left some out; only a few requests take snapshots at once;
 * every write attempt is logged and audited when it arrives and again with its outcome,
 * whatever that is.
 */
@Endpoint(id = "supervision", defaultAccess = Access.READ_ONLY)
public class SupervisionEndpoint {

	/** Audit event type of a write's outcome (data: path, action, outcome, message). */
	public static final String AUDIT_TYPE = "SUPERVISION_ACTION";

	/** Audit event type of a write attempt, published when it arrives (data: path, action). */
	public static final String AUDIT_REQUEST_TYPE = "SUPERVISION_ACTION_REQUEST";

	/** Default number of dynamic children listed per supervisor. */
	public static final int DEFAULT_LIMIT = 100;

	/** Largest number of dynamic children listed per supervisor. */
	public static final int MAX_LIMIT = 1000;

	/** Default number of nodes a response holds at most. */
	public static final int DEFAULT_MAX_NODES = 1000;

	/** Default number of requests that take snapshots at the same time. */
	public static final int DEFAULT_MAX_CONCURRENT_SNAPSHOTS = 4;

	/** How long a request waits for its turn to take a snapshot before it is answered 503. */
	static final Duration SNAPSHOT_WAIT = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(SupervisionEndpoint.class);

	private final SupervisionRegistry registry;

	private final @Nullable ApplicationEventPublisher auditPublisher;

	private final SupervisionSanitizer sanitizer;

	private final int maxNodes;

	private final Semaphore snapshots;

	// Writes take their node-after snapshot in turns of their own: an operator's action is
	// never queued behind a crowd of readers.
	private final Semaphore writeSnapshots;

	private final int maxConcurrentSnapshots;

	private final Duration snapshotWait;

	private final @Nullable SupervisionHistory history;

	private final ErrorMasking errorMasking;

	/**
	 * An endpoint with the defaults: messages masked, {@value #DEFAULT_MAX_NODES} nodes per
	 * response, {@value #DEFAULT_MAX_CONCURRENT_SNAPSHOTS} snapshots at once.
	 * @param registry the trees
	 * @param auditPublisher where writes are published as audit events, or {@code null} when the
	 * application keeps no audit events
	 */
	public SupervisionEndpoint(SupervisionRegistry registry, @Nullable ApplicationEventPublisher auditPublisher) {
		this(registry, auditPublisher, SupervisionSanitizer.masking(), DEFAULT_MAX_NODES,
				DEFAULT_MAX_CONCURRENT_SNAPSHOTS);
	}

	/**
	 * @param registry the trees
	 * @param auditPublisher where writes are published as audit events, or {@code null} when the
	 * application keeps no audit events
	 * @param sanitizer what readers may see of the text from user code
	 * @param maxNodes how many nodes a response holds at most (at least 1; one more per further
	 * tree when all trees are read)
	 * @param maxConcurrentSnapshots how many requests take snapshots at the same time (at least 1)
	 */
	public SupervisionEndpoint(SupervisionRegistry registry, @Nullable ApplicationEventPublisher auditPublisher,
			SupervisionSanitizer sanitizer, int maxNodes, int maxConcurrentSnapshots) {
		this(registry, auditPublisher, sanitizer, maxNodes, maxConcurrentSnapshots, SNAPSHOT_WAIT);
	}

	/**
	 * @param registry the trees
	 * @param auditPublisher where writes are published as audit events, or {@code null} when the
	 * application keeps no audit events
	 * @param sanitizer what readers may see of the text from user code
	 * @param maxNodes how many nodes a response holds at most (at least 1; one more per further
	 * tree when all trees are read)
	 * @param maxConcurrentSnapshots how many requests take snapshots at the same time (at least 1)
	 * @param history the event history served with {@code ?history=true}, where writes are
	 * recorded too; {@code null} when none is kept
	 * @param errorMasking what a reader is shown of the exceptions in the history
	 */
	public SupervisionEndpoint(SupervisionRegistry registry, @Nullable ApplicationEventPublisher auditPublisher,
			SupervisionSanitizer sanitizer, int maxNodes, int maxConcurrentSnapshots,
			@Nullable SupervisionHistory history, ErrorMasking errorMasking) {
		this(registry, auditPublisher, sanitizer, maxNodes, maxConcurrentSnapshots, SNAPSHOT_WAIT, history,
				errorMasking);
	}

	SupervisionEndpoint(SupervisionRegistry registry, @Nullable ApplicationEventPublisher auditPublisher,
			SupervisionSanitizer sanitizer, int maxNodes, int maxConcurrentSnapshots, Duration snapshotWait) {
		this(registry, auditPublisher, sanitizer, maxNodes, maxConcurrentSnapshots, snapshotWait, null,
				ErrorMasking.of(sanitizer));
	}

	SupervisionEndpoint(SupervisionRegistry registry, @Nullable ApplicationEventPublisher auditPublisher,
			SupervisionSanitizer sanitizer, int maxNodes, int maxConcurrentSnapshots, Duration snapshotWait,
			@Nullable SupervisionHistory history, ErrorMasking errorMasking) {
		this.history = history;
		this.errorMasking = errorMasking;
		if (maxNodes < 1 || maxConcurrentSnapshots < 1) {
			throw new IllegalArgumentException("maxNodes and maxConcurrentSnapshots must be >= 1 (were " + maxNodes
					+ " and " + maxConcurrentSnapshots + ")");
		}
		this.registry = registry;
		this.auditPublisher = auditPublisher;
		this.sanitizer = sanitizer;
		this.maxNodes = maxNodes;
		this.maxConcurrentSnapshots = maxConcurrentSnapshots;
		this.snapshotWait = snapshotWait;
		this.snapshots = new Semaphore(maxConcurrentSnapshots, true);
		this.writeSnapshots = new Semaphore(maxConcurrentSnapshots, true);
	}

	/**
	 * Every tree, nested, within the node budget.
	 * @param offset the first dynamic child listed per dynamic supervisor
	 * @param limit how many dynamic children are listed per dynamic supervisor
	 * @param depth how many levels below each root are listed (unbounded by default)
	 * @param securityContext who reads: decides whether messages from user code are shown
	 * @return the trees; 400 for bad paging; 503 when too many snapshots are taken at once
	 */
	public WebEndpointResponse<Object> trees(@Nullable Integer offset, @Nullable Integer limit, @Nullable Integer depth,
			SecurityContext securityContext) {
		return trees(offset, limit, depth, null, securityContext);
	}

	/**
	 * Every tree, nested, within the node budget; or with {@code history=true}, the recent
	 * events of all trees, newest first.
	 * @param offset the first dynamic child listed per dynamic supervisor (the first event with
	 * {@code history})
	 * @param limit how many dynamic children are listed per dynamic supervisor (events with
	 * {@code history})
	 * @param depth how many levels below each root are listed (unbounded by default)
	 * @param history whether to answer the recent events instead
	 * @param securityContext who reads: decides whether messages from user code are shown
	 * @return the trees or the events; 400 for bad paging; 503 when too many snapshots are taken
	 * at once
	 */
	@ReadOperation
	public WebEndpointResponse<Object> trees(@Nullable Integer offset, @Nullable Integer limit, @Nullable Integer depth,
			@Nullable Boolean history, SecurityContext securityContext) {
		SnapshotOptions options = options(offset, limit, depth);
		if (options == null) {
			return badPaging("", offset, limit, depth);
		}
		if (Boolean.TRUE.equals(history)) {
			return history(null, options, securityContext);
		}
		boolean shown = this.sanitizer.showsDetails(securityContext);
		return withSnapshotTurn("", () -> {
			List<NodeDescriptor> roots = new ArrayList<>();
			int remaining = this.maxNodes;
			boolean truncated = false;
			for (SupervisionTree tree : this.registry.trees()) {
				// Every tree is shown, at least as its root, even when the budget is spent.
				NodeDescriptor root = this.sanitizer.node(tree.snapshot(options.withMaxNodes(Math.max(1, remaining))),
						shown);
				remaining -= root.nodeCount();
				truncated |= Boolean.TRUE.equals(root.truncated());
				roots.add(root);
			}
			return new WebEndpointResponse<>(new TreesDescriptor(roots, truncated, cluster()));
		});
	}

	private TreesDescriptor.@Nullable ClusterDescriptor cluster() {
		Map<String, TreesDescriptor.PlacementDescriptor> placements = new LinkedHashMap<>();
		String replica = null;
		for (SupervisionTree tree : this.registry.trees()) {
			Optional<TreeCoordinator> coordinator = this.registry.coordinator(tree.name());
			if (coordinator.isPresent()) {
				ClusterPlacement placement = coordinator.get().placement();
				replica = placement.replica();
				placements.put(tree.name(), new TreesDescriptor.PlacementDescriptor(NodeDescriptor.name(placement.mode()),
						placement.role(), placement.since()));
			}
		}
		return (replica != null) ? new TreesDescriptor.ClusterDescriptor(replica, placements) : null;
	}

	/**
	 * One node and its subtree, within the node budget.
	 * @param path the node's path segments, e.g. {@code ingest/consumers/c-3}
	 * @param offset the first dynamic child listed per dynamic supervisor
	 * @param limit how many dynamic children are listed per dynamic supervisor
	 * @param depth how many levels below the node are listed (unbounded by default)
	 * @param securityContext who reads: decides whether messages from user code are shown
	 * @return the node; 404 for an unknown path; 400 for bad paging; 503 when too many
	 * snapshots are taken at once
	 */
	public WebEndpointResponse<Object> node(String[] path, @Nullable Integer offset, @Nullable Integer limit,
			@Nullable Integer depth, SecurityContext securityContext) {
		return node(path, offset, limit, depth, null, securityContext);
	}

	/**
	 * One node and its subtree, within the node budget; or with {@code history=true}, the node's
	 * event history, newest first (for a dynamic supervisor its children's events too, each
	 * naming its child; for a dynamic child, also after it is gone).
	 * @param path the node's path segments, e.g. {@code ingest/consumers/c-3}
	 * @param offset the first dynamic child listed per dynamic supervisor (the first event with
	 * {@code history})
	 * @param limit how many dynamic children are listed per dynamic supervisor (events with
	 * {@code history})
	 * @param depth how many levels below the node are listed (unbounded by default)
	 * @param history whether to answer the node's history instead
	 * @param securityContext who reads: decides whether messages from user code are shown
	 * @return the node or its history; 404 for an unknown path; 400 for bad paging; 503 when too
	 * many snapshots are taken at once
	 */
	@ReadOperation
	public WebEndpointResponse<Object> node(@Selector(match = Match.ALL_REMAINING) String[] path,
			@Nullable Integer offset, @Nullable Integer limit, @Nullable Integer depth, @Nullable Boolean history,
			SecurityContext securityContext) {
		String joined = String.join("/", path);
		SnapshotOptions options = options(offset, limit, depth);
		if (options == null) {
			return badPaging(joined, offset, limit, depth);
		}
		if (Boolean.TRUE.equals(history)) {
			// A dynamic child's history outlives it: a path is known if its node exists or it has events.
			boolean known = exists(joined) || (this.history != null && this.history.contains(joined));
			return known ? history(joined, options, securityContext) : notFoundHere(path, null);
		}
		boolean shown = this.sanitizer.showsDetails(securityContext);
		return withSnapshotTurn(joined, () -> find(joined, options.withMaxNodes(this.maxNodes))
			.<WebEndpointResponse<Object>>map((node) -> new WebEndpointResponse<>(this.sanitizer.node(node, shown)))
			.orElseGet(() -> notFoundHere(path, null)));
	}

	/**
	 * Acts on a node: {@code restart}, {@code terminate}, {@code start}, {@code delete} or
	 * {@code kill}. The attempt is logged and audited when it arrives, and its outcome once known,
	 * whatever it is (a bad action, an unknown path, a refusal, an exception).
	 * @param path the node's path segments; a single segment is a root tree
	 * @param action the action
	 * @param securityContext who asks
	 * @return 200 with the node after the change; 202 with the node when its start waits for an
	 * abandoned incarnation of the same instance to end; 400, 404 or 409 with a message
	 */
	@WriteOperation
	public WebEndpointResponse<Object> act(@Selector(match = Match.ALL_REMAINING) String[] path,
			@Nullable String action, SecurityContext securityContext) {
		String joined = String.join("/", path);
		String who = principalName(securityContext.getPrincipal());
		auditAttempt(who, joined, action);
		String result = "error";
		String message = null;
		// Only actions on a node that exists are kept in its history: a request cannot make up nodes.
		boolean exists = false;
		try {
			if (path.length == 0 || joined.isEmpty()) {
				result = "method-not-allowed";
				message = "An action needs a node's path: POST /actuator/supervision/<tree>[/<child>...] with "
						+ "{\"action\": \"restart\"}";
				return new WebEndpointResponse<>(new MessageDescriptor(joined, cut(action), message), 405);
			}
			boolean shown = this.sanitizer.showsDetails(securityContext);
			exists = exists(joined);
			Action parsed = Action.parse(action);
			if (parsed == null) {
				result = "bad-request";
				message = "Unknown or missing action '" + SupervisionSanitizer.forLog(action) + "': use one of "
						+ Action.names() + ", e.g. {\"action\": \"restart\"}";
				return new WebEndpointResponse<>(new MessageDescriptor(joined, cut(action), message),
						WebEndpointResponse.STATUS_BAD_REQUEST);
			}
			if (!exists) {
				WebEndpointResponse<Object> missing = notFoundHere(path, parsed.label());
				result = (missing.getStatus() == WebEndpointResponse.STATUS_NOT_FOUND) ? "not-found" : "refused";
				message = ((MessageDescriptor) missing.getBody()).message();
				return missing;
			}
			Outcome outcome = (path.length == 1) ? actOnTree(joined, parsed) : actOnChild(path, parsed);
			result = NodeDescriptor.name(outcome.status());
			message = this.sanitizer.outcomeMessage(outcome, this.sanitizer.showsDetailsToEveryone());
			String reply = this.sanitizer.outcomeMessage(outcome, shown);
			return switch (outcome.status()) {
				case OK, IGNORED -> after(joined, parsed, reply, shown);
				case PENDING -> accepted(after(joined, parsed, reply, shown));
				case NOT_FOUND -> notFound(joined, parsed.label());
				case INVALID -> new WebEndpointResponse<>(new MessageDescriptor(joined, parsed.label(), reply),
						WebEndpointResponse.STATUS_BAD_REQUEST);
				default -> new WebEndpointResponse<>(new MessageDescriptor(joined, parsed.label(), reply), 409);
			};
		}
		catch (RuntimeException | Error ex) {
			message = this.sanitizer.describe(ex, this.sanitizer.showsDetailsToEveryone());
			throw ex;
		}
		finally {
			auditOutcome(who, joined, action, result, message);
			if (this.history != null && exists) {
				// The message as every reader may see it: the history is shown to all of them.
				this.history.recordAction(joined, String.valueOf(cut(action)), result, message, who);
			}
		}
	}

	/**
	 * Records a write attempt refused before it reached {@link #act} (by the checks in front of the
	 * endpoint: a path in another spelling, a body that is not one JSON object, a method or a
	 * media type the endpoint does not take, …) as every write attempt is recorded: one log line
	 * and, when the application keeps audit events, one {@value #AUDIT_TYPE} event with the
	 * principal, path, action, outcome, HTTP {@code status} and message.
	 * @param path the node's path as the request spells it
	 * @param action the action the request names, or {@code null} when none could be read
	 * @param principal who asked, or {@code null} for an anonymous request
	 * @param status the refusal's HTTP status
	 * @param message what is wrong and how to fix it
	 */
	public void refused(String path, @Nullable String action, @Nullable Principal principal, int status,
			String message) {
		String who = principalName(principal);
		String outcome = switch (status) {
			case 404 -> "not-found";
			case 405 -> "method-not-allowed";
			case 406 -> "not-acceptable";
			case 413 -> "too-large";
			case 415 -> "unsupported-media-type";
			default -> "bad-request";
		};
		logger.warn("Supervision action '" + SupervisionSanitizer.forLog(action) + "' on '"
				+ SupervisionSanitizer.forLog(path) + "' by " + SupervisionSanitizer.forLog(who) + ": refused " + status
				+ " " + outcome + " (" + SupervisionSanitizer.forLog(message) + ")");
		if (this.auditPublisher != null) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("path", cut(path));
			data.put("action", String.valueOf(cut(action)));
			data.put("outcome", outcome);
			data.put("status", status);
			data.put("message", cut(message));
			this.auditPublisher.publishEvent(new AuditApplicationEvent(who, AUDIT_TYPE, data));
		}
	}

	private WebEndpointResponse<Object> history(@Nullable String path, SnapshotOptions options,
			SecurityContext securityContext) {
		SupervisionHistory events = this.history;
		if (events == null) {
			return new WebEndpointResponse<>(new MessageDescriptor((path != null) ? path : "", null,
					"No event history is kept: set supervision.history.enabled=true"),
					WebEndpointResponse.STATUS_NOT_FOUND);
		}
		HistoryPage page = (path != null) ? events.page(path, options.offset(), options.limit())
				: events.recent(options.offset(), options.limit());
		return new WebEndpointResponse<>(this.errorMasking.apply(page, securityContext));
	}

	private Outcome actOnTree(String name, Action action) {
		SupervisionTree tree = this.registry.tree(name).orElseThrow();
		ChildState state = tree.state();
		boolean running = state == ChildState.RUNNING || state == ChildState.STARTING;
		return switch (action) {
			case RESTART -> this.registry.restart(name);
			case START -> running ? Outcome.of(Outcome.Status.RUNNING, name, "tree '" + name + "' is already running")
					: this.registry.restart(name);
			case TERMINATE -> {
				String refusal = this.registry.coordinator(name).map(TreeCoordinator::refusal).orElse(null);
				if (refusal != null) {
					yield Outcome.of(Outcome.Status.NOT_SUPPORTED, name, refusal);
				}
				if (!running) {
					// As a stopped child: OTP terminate_child of a child that is not running is ok.
					yield Outcome.ok(name, "tree '" + name + "' was not running ("
							+ state.name().toLowerCase(Locale.ROOT) + "): nothing to stop");
				}
				tree.stopAsync().join();
				yield Outcome.ok(name, "tree stopped");
			}
			case DELETE -> Outcome.of(Outcome.Status.NOT_SUPPORTED, name,
					"a root tree cannot be deleted: terminate it to stop it");
			case KILL -> Outcome.of(Outcome.Status.NOT_SUPPORTED, name,
					"a root tree cannot be killed: terminate it, or kill its children");
		};
	}

	private Outcome actOnChild(String[] path, Action action) {
		String parent = String.join("/", Arrays.copyOf(path, path.length - 1));
		String id = path[path.length - 1];
		SupervisorHandle supervisor = this.registry.supervisor(parent);
		return switch (action) {
			case RESTART -> supervisor.forceRestartChild(id);
			case START -> inOwnWords(supervisor.restartChild(id), "'start' does not apply to a child of a dynamic "
					+ "supervisor (OTP simple_one_for_one has no restart_child): use {\"action\": \"restart\"}");
			case TERMINATE -> supervisor.terminateChild(id);
			case DELETE -> inOwnWords(supervisor.deleteChild(id), "'delete' does not apply to a child of a dynamic "
					+ "supervisor (OTP simple_one_for_one has no delete_child): use {\"action\": \"terminate\"}, "
					+ "which stops and removes it");
			case KILL -> supervisor.killChild(id);
		};
	}

	/** The engine's refusal in the endpoint's words: its actions, not Java methods. */
	private static Outcome inOwnWords(Outcome outcome, String notSupported) {
		return (outcome.status() == Outcome.Status.NOT_SUPPORTED && outcome.message().contains("simple_one_for_one"))
				? Outcome.of(outcome.status(), outcome.path(),
				notSupported) : outcome;
	}

	private static WebEndpointResponse<Object> accepted(WebEndpointResponse<Object> response) {
		// Only a node is accepted; a message (the node could not be read) keeps its status.
		return (response.getStatus() == WebEndpointResponse.STATUS_OK)
				? new WebEndpointResponse<>(response.getBody(), 202) : response;
	}

	private WebEndpointResponse<Object> after(String path, Action action, String message, boolean shown) {
		SnapshotOptions options = new SnapshotOptions(0, DEFAULT_LIMIT, Integer.MAX_VALUE, this.maxNodes);
		return withSnapshotTurn(this.writeSnapshots, path, () -> {
			// A deleted (or removed temporary) child is gone: show its supervisor instead.
			Optional<NodeSnapshot> node = find(path, options);
			if (node.isEmpty() && path.contains("/")) {
				node = find(path.substring(0, path.lastIndexOf('/')), options);
			}
			return node.<WebEndpointResponse<Object>>map((n) -> new WebEndpointResponse<>(this.sanitizer.node(n, shown)))
				.orElseGet(() -> new WebEndpointResponse<>(new MessageDescriptor(path, action.label(), message)));
		}, () -> new WebEndpointResponse<>(new MessageDescriptor(path, action.label(), message)));
	}

	private boolean exists(String path) {
		return !path.isEmpty() && find(path, new SnapshotOptions(0, 0, 0, 1)).isPresent();
	}

	private Optional<NodeSnapshot> find(String path, SnapshotOptions options) {
		int slash = path.indexOf('/');
		String name = (slash != -1) ? path.substring(0, slash) : path;
		return this.registry.tree(name).flatMap((tree) -> tree.find(path, options));
	}

	private WebEndpointResponse<Object> withSnapshotTurn(String path, Supplier<WebEndpointResponse<Object>> read) {
		return withSnapshotTurn(this.snapshots, path, read, () -> new WebEndpointResponse<>(new MessageDescriptor(path, null,
				"Too many requests are reading the trees at once (" + this.maxConcurrentSnapshots
						+ "): try again shortly, or raise management.endpoint.supervision.max-concurrent-snapshots"),
				WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE));
	}

	private WebEndpointResponse<Object> withSnapshotTurn(Semaphore turns, String path,
			Supplier<WebEndpointResponse<Object>> read, Supplier<WebEndpointResponse<Object>> busy) {
		boolean acquired;
		try {
			acquired = turns.tryAcquire(this.snapshotWait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			acquired = false;
		}
		if (!acquired) {
			logger.warn("Supervision endpoint: no turn to read '" + SupervisionSanitizer.forLog(path) + "' within "
					+ NodeDescriptor.duration(this.snapshotWait) + " (" + this.maxConcurrentSnapshots + " snapshots at once)");
			return busy.get();
		}
		try {
			return read.get();
		}
		finally {
			turns.release();
		}
	}

	/** @return how many more reads could take a snapshot right now */
	int freeSnapshotTurns() {
		return this.snapshots.availablePermits();
	}

	private void auditAttempt(String who, String path, @Nullable String action) {
		logger.info("Supervision action '" + SupervisionSanitizer.forLog(action) + "' on '"
				+ SupervisionSanitizer.forLog(path) + "' requested by " + SupervisionSanitizer.forLog(who));
		if (this.auditPublisher != null) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("path", cut(path));
			data.put("action", String.valueOf(cut(action)));
			this.auditPublisher.publishEvent(new AuditApplicationEvent(who, AUDIT_REQUEST_TYPE, data));
		}
	}

	private void auditOutcome(String who, String path, @Nullable String action, String outcome,
			@Nullable String message) {
		String line = "Supervision action '" + SupervisionSanitizer.forLog(action) + "' on '"
				+ SupervisionSanitizer.forLog(path) + "' by " + SupervisionSanitizer.forLog(who) + ": " + outcome
				+ ((message != null) ? " (" + SupervisionSanitizer.forLog(message) + ")" : "");
		if (outcome.equals("error")) {
			logger.error(line);
		}
		else {
			logger.info(line);
		}
		if (this.auditPublisher != null) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("path", cut(path));
			data.put("action", String.valueOf(cut(action)));
			data.put("outcome", outcome);
			if (message != null) {
				data.put("message", message);
			}
			this.auditPublisher.publishEvent(new AuditApplicationEvent(who, AUDIT_TYPE, data));
		}
	}

	private static String principalName(@Nullable Principal principal) {
		return (principal != null) ? principal.getName() : "anonymous";
	}

	private static @Nullable String cut(@Nullable String text) {
		return (text != null && text.length() > SupervisionSanitizer.MAX_MESSAGE)
				? text.substring(0, SupervisionSanitizer.MAX_MESSAGE - 1) + "…" : text;
	}

	private static @Nullable SnapshotOptions options(@Nullable Integer offset, @Nullable Integer limit,
			@Nullable Integer depth) {
		return (pagingProblem(offset, limit, depth) != null) ? null
				: new SnapshotOptions((offset != null) ? offset : 0, (limit != null) ? limit : DEFAULT_LIMIT,
						(depth != null) ? depth : Integer.MAX_VALUE);
	}

	private static @Nullable String pagingProblem(@Nullable Integer offset, @Nullable Integer limit,
			@Nullable Integer depth) {
		if (offset != null && offset < 0) {
			return "Query parameter 'offset' is '" + offset + "': it must be a whole number from 0 to "
					+ Integer.MAX_VALUE + ", e.g. ?offset=100";
		}
		if (limit != null && (limit < 0 || limit > MAX_LIMIT)) {
			return "Query parameter 'limit' is '" + limit + "': it must be a whole number from 0 to " + MAX_LIMIT
					+ ", e.g. ?limit=100";
		}
		if (depth != null && depth < 0) {
			return "Query parameter 'depth' is '" + depth + "': it must be a whole number from 0 to "
					+ Integer.MAX_VALUE + ", e.g. ?depth=1";
		}
		return null;
	}

	private static WebEndpointResponse<Object> badPaging(String path, @Nullable Integer offset,
			@Nullable Integer limit, @Nullable Integer depth) {
		return new WebEndpointResponse<>(new MessageDescriptor(path, null,
				String.valueOf(pagingProblem(offset, limit, depth))), WebEndpointResponse.STATUS_BAD_REQUEST);
	}

	/**
	 * No node at the path on this replica: a 404, or, for a child of a distributed tree that
	 * runs on another replica, a message naming that replica (404 to read it, 409 to act on it).
	 */
	private WebEndpointResponse<Object> notFoundHere(String[] path, @Nullable String action) {
		String joined = String.join("/", path);
		String replica = (path.length >= 2) ? replicaElsewhere(path[0], path[1]) : null;
		if (replica == null) {
			return notFound(joined, action);
		}
		String child = cut(path[0] + "/" + path[1]);
		String here = this.registry.coordinator(path[0]).map((coordinator) -> coordinator.placement().replica())
			.orElse("?");
		String message = "Child '" + child + "' of distributed tree '" + cut(path[0]) + "' runs on replica '"
				+ cut(replica) + "', not on this replica ('" + cut(here) + "'): "
				+ ((action != null) ? "send the action to that replica's /actuator/supervision, or use "
						+ "DistributedSupervisor (terminateChild stops it wherever it runs)"
						: "read it at that replica's /actuator/supervision");
		return new WebEndpointResponse<>(new MessageDescriptor(joined, action, message),
				(action != null) ? 409 : WebEndpointResponse.STATUS_NOT_FOUND);
	}

	private @Nullable String replicaElsewhere(String tree, String child) {
		Optional<TreeCoordinator> coordinator = this.registry.coordinator(tree);
		if (coordinator.isEmpty()) {
			return null;
		}
		try {
			return coordinator.get().replicaElsewhere(child).orElse(null);
		}
		catch (RuntimeException ex) {
			logger.warn("Supervision endpoint: could not find which replica runs '" + SupervisionSanitizer.forLog(tree)
					+ "/" + SupervisionSanitizer.forLog(child) + "' (" + ex + ")");
			return null;
		}
	}

	private static WebEndpointResponse<Object> notFound(String path, @Nullable String action) {
		return new WebEndpointResponse<>(new MessageDescriptor(path, action, notFoundMessage(path)),
				WebEndpointResponse.STATUS_NOT_FOUND);
	}

	private static String notFoundMessage(String path) {
		return "No supervision node at '" + cut(path) + "'";
	}

	/** The operator actions. */
	enum Action {

		RESTART, TERMINATE, START, DELETE, KILL;

		static @Nullable Action parse(@Nullable String value) {
			if (value == null) {
				return null;
			}
			for (Action action : values()) {
				if (action.label().equals(value.trim().toLowerCase(Locale.ROOT))) {
					return action;
				}
			}
			return null;
		}

		String label() {
			return name().toLowerCase(Locale.ROOT);
		}

		static String names() {
			return Arrays.stream(values()).map(Action::label).toList().toString();
		}

	}

}
