package dev.supervisor.spring.actuate.endpoint;

import java.security.Principal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.supervisor.ChildState;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.Outcome;
import dev.supervisor.SnapshotOptions;
import dev.supervisor.SupervisionTree;
import dev.supervisor.SupervisorHandle;
import dev.supervisor.spring.SupervisionRegistry;
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
 */
@Endpoint(id = "supervision", defaultAccess = Access.READ_ONLY)
public class SupervisionEndpoint {

	/** Audit event type of every write. */
	public static final String AUDIT_TYPE = "SUPERVISION_ACTION";

	/** Default number of dynamic children listed per supervisor. */
	public static final int DEFAULT_LIMIT = 100;

	/** Largest number of dynamic children listed per supervisor. */
	public static final int MAX_LIMIT = 1000;

	private static final Log logger = LogFactory.getLog(SupervisionEndpoint.class);

	private final SupervisionRegistry registry;

	private final @Nullable ApplicationEventPublisher auditPublisher;

	/**
	 * @param registry the trees
	 * @param auditPublisher where writes are published as audit events, or {@code null} when the
	 * application keeps no audit events
	 */
	public SupervisionEndpoint(SupervisionRegistry registry, @Nullable ApplicationEventPublisher auditPublisher) {
		this.registry = registry;
		this.auditPublisher = auditPublisher;
	}

	/**
	 * Every tree, nested.
	 * @param offset the first dynamic child listed per dynamic supervisor
	 * @param limit how many dynamic children are listed per dynamic supervisor
	 * @return the trees, or a 400 for bad paging
	 */
	@ReadOperation
	public WebEndpointResponse<Object> trees(@Nullable Integer offset, @Nullable Integer limit) {
		SnapshotOptions options = options(offset, limit);
		if (options == null) {
			return badPaging("", offset, limit);
		}
		return new WebEndpointResponse<>(new TreesDescriptor(
				this.registry.trees().stream().map((tree) -> NodeDescriptor.of(tree.snapshot(options))).toList(),
				cluster()));
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
	 * One node and its subtree.
	 * @param path the node's path segments, e.g. {@code ingest/consumers/c-3}
	 * @param offset the first dynamic child listed per dynamic supervisor
	 * @param limit how many dynamic children are listed per dynamic supervisor
	 * @return the node, or a 404 for an unknown path
	 */
	@ReadOperation
	public WebEndpointResponse<Object> node(@Selector(match = Match.ALL_REMAINING) String[] path,
			@Nullable Integer offset, @Nullable Integer limit) {
		String joined = String.join("/", path);
		SnapshotOptions options = options(offset, limit);
		if (options == null) {
			return badPaging(joined, offset, limit);
		}
		return find(joined, options).<WebEndpointResponse<Object>>map(
				(node) -> new WebEndpointResponse<>(NodeDescriptor.of(node)))
			.orElseGet(() -> notFound(joined, null));
	}

	/**
	 * Acts on a node: {@code restart}, {@code terminate}, {@code start} or {@code delete}.
	 * @param path the node's path segments; a single segment is a root tree
	 * @param action the action
	 * @param securityContext who asks
	 * @return 200 with the node after the change; 400, 404 or 409 with a message
	 */
	@WriteOperation
	public WebEndpointResponse<Object> act(@Selector(match = Match.ALL_REMAINING) String[] path,
			@Nullable String action, SecurityContext securityContext) {
		String joined = String.join("/", path);
		Action parsed = Action.parse(action);
		if (parsed == null) {
			return new WebEndpointResponse<>(new MessageDescriptor(joined, action,
					"Unknown or missing action '" + action + "': use one of " + Action.names()
							+ ", e.g. {\"action\": \"restart\"}"),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		SnapshotOptions options = new SnapshotOptions(0, DEFAULT_LIMIT, Integer.MAX_VALUE);
		if (find(joined, new SnapshotOptions(0, 0, 0)).isEmpty()) {
			return notFound(joined, parsed.label());
		}
		Outcome outcome = (path.length == 1) ? actOnTree(joined, parsed) : actOnChild(path, parsed);
		audit(joined, parsed, outcome, securityContext.getPrincipal());
		return switch (outcome.status()) {
			case OK, IGNORED -> after(joined, outcome, options);
			case NOT_FOUND -> notFound(joined, parsed.label());
			case INVALID -> new WebEndpointResponse<>(new MessageDescriptor(joined, parsed.label(), outcome.message()),
					WebEndpointResponse.STATUS_BAD_REQUEST);
			default -> new WebEndpointResponse<>(new MessageDescriptor(joined, parsed.label(), outcome.message()), 409);
		};
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
				if (!running) {
					yield Outcome.of(Outcome.Status.SUPERVISOR_DOWN, name, "tree '" + name + "' is not running ("
							+ NodeDescriptor.name(state) + ")");
				}
				tree.stopAsync().join();
				yield Outcome.ok(name, "tree stopped");
			}
			case DELETE -> Outcome.of(Outcome.Status.NOT_SUPPORTED, name,
					"a root tree cannot be deleted: terminate it to stop it");
		};
	}

	private Outcome actOnChild(String[] path, Action action) {
		String parent = String.join("/", Arrays.copyOf(path, path.length - 1));
		String id = path[path.length - 1];
		SupervisorHandle supervisor = this.registry.supervisor(parent);
		return switch (action) {
			case RESTART -> supervisor.forceRestartChild(id);
			case START -> supervisor.restartChild(id);
			case TERMINATE -> supervisor.terminateChild(id);
			case DELETE -> supervisor.deleteChild(id);
		};
	}

	private WebEndpointResponse<Object> after(String path, Outcome outcome, SnapshotOptions options) {
		// A deleted (or removed temporary) child is gone: show its supervisor instead.
		Optional<NodeSnapshot> node = find(path, options);
		if (node.isEmpty() && path.contains("/")) {
			node = find(path.substring(0, path.lastIndexOf('/')), options);
		}
		return node.<WebEndpointResponse<Object>>map((n) -> new WebEndpointResponse<>(NodeDescriptor.of(n)))
			.orElseGet(() -> new WebEndpointResponse<>(new MessageDescriptor(path, null, outcome.message())));
	}

	private Optional<NodeSnapshot> find(String path, SnapshotOptions options) {
		int slash = path.indexOf('/');
		String name = (slash != -1) ? path.substring(0, slash) : path;
		return this.registry.tree(name).flatMap((tree) -> tree.find(path, options));
	}

	private void audit(String path, Action action, Outcome outcome, @Nullable Principal principal) {
		String who = (principal != null) ? principal.getName() : "anonymous";
		logger.info("Supervision action '" + action.label() + "' on '" + path + "' by " + who + ": "
				+ NodeDescriptor.name(outcome.status()) + " (" + outcome.message() + ")");
		if (this.auditPublisher != null) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("path", path);
			data.put("action", action.label());
			data.put("outcome", NodeDescriptor.name(outcome.status()));
			data.put("message", outcome.message());
			this.auditPublisher.publishEvent(new AuditApplicationEvent(who, AUDIT_TYPE, data));
		}
	}

	private static @Nullable SnapshotOptions options(@Nullable Integer offset, @Nullable Integer limit) {
		int first = (offset != null) ? offset : 0;
		int size = (limit != null) ? limit : DEFAULT_LIMIT;
		if (first < 0 || size < 0 || size > MAX_LIMIT) {
			return null;
		}
		return new SnapshotOptions(first, size, Integer.MAX_VALUE);
	}

	private static WebEndpointResponse<Object> badPaging(String path, @Nullable Integer offset,
			@Nullable Integer limit) {
		return new WebEndpointResponse<>(new MessageDescriptor(path, null, "Bad paging (offset=" + offset + ", limit="
				+ limit + "): offset must be >= 0 and limit between 0 and " + MAX_LIMIT),
				WebEndpointResponse.STATUS_BAD_REQUEST);
	}

	private static WebEndpointResponse<Object> notFound(String path, @Nullable String action) {
		return new WebEndpointResponse<>(new MessageDescriptor(path, action, "No supervision node at '" + path + "'"),
				WebEndpointResponse.STATUS_NOT_FOUND);
	}

	/** The operator actions. */
	enum Action {

		RESTART, TERMINATE, START, DELETE;

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
