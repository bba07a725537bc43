package dev.supervisor.spring.actuate;

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.actuate.endpoint.MessageDescriptor;
import dev.supervisor.spring.actuate.endpoint.NodeDescriptor;
import dev.supervisor.spring.actuate.endpoint.SupervisionEndpoint;
import dev.supervisor.spring.actuate.endpoint.SupervisionSanitizer;
import dev.supervisor.spring.actuate.endpoint.TreesDescriptor;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import dev.supervisor.spring.autoconfigure.actuate.SupervisionEndpointAutoConfiguration;
import dev.supervisor.spring.event.ChildStartedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.actuate.audit.listener.AuditListener;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The {@link SupervisionEndpoint} class itself, on a running tree.
 */
@ExtendWith(OutputCaptureExtension.class)
class SupervisionEndpointTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withInitializer((context) -> context.getEnvironment().setConversionService(new ApplicationConversionService()))
		.withConfiguration(
				AutoConfigurations.of(SupervisionAutoConfiguration.class, SupervisionEndpointAutoConfiguration.class))
		.withUserConfiguration(TestChildren.class)
		.withPropertyValues(OperatedApp.TREE);

	private static final SecurityContext ALICE = new SecurityContext() {

		@Override
		public Principal getPrincipal() {
			return () -> "alice";
		}

		@Override
		public boolean isUserInRole(String role) {
			return true;
		}

	};

	@Test
	void readsEveryTreeAndOneNodeByPath() {
		this.runner.run((context) -> {
			SupervisionEndpoint endpoint = context.getBean(SupervisionEndpoint.class);
			TreesDescriptor trees = (TreesDescriptor) endpoint.trees(null, null, null, ALICE).getBody();
			assertThat(trees.trees()).extracting(NodeDescriptor::path).containsExactly("ops");
			NodeDescriptor ops = trees.trees().get(0);
			assertThat(ops.restart()).as("roots have no restart type").isNull();
			assertThat(ops.supervisor().strategy()).isEqualTo("one-for-one");
			assertThat(ops.children()).extracting(NodeDescriptor::type).containsExactly("service", "dynamic");
			WebEndpointResponse<Object> pool = endpoint.node(new String[] { "ops", "pool" }, null, null, null, ALICE);
			assertThat(pool.getStatus()).isEqualTo(200);
			assertThat(((NodeDescriptor) pool.getBody()).supervisor().strategy()).isNull();
			assertThat(endpoint.node(new String[] { "ops", "missing" }, null, null, null, ALICE).getStatus()).isEqualTo(404);
			assertThat(endpoint.node(new String[] { "ops" }, -1, null, null, ALICE).getStatus()).isEqualTo(400);
		});
	}

	@Test
	void restartsAChildAndAnswersTheNodeAfterTheChange() {
		this.runner.run((context) -> {
			SupervisionEndpoint endpoint = context.getBean(SupervisionEndpoint.class);
			WebEndpointResponse<Object> response = endpoint.act(new String[] { "ops", "a" }, "restart", ALICE);
			assertThat(response.getStatus()).isEqualTo(200);
			NodeDescriptor node = (NodeDescriptor) response.getBody();
			assertThat(node.incarnation()).isEqualTo(2);
			assertThat(node.restartCount()).as("an operator restart is not counted").isZero();
		});
	}

	@Test
	void badRequestsAreAnsweredWithAMessageAndNeverTouchTheTree() {
		this.runner.run((context) -> {
			SupervisionEndpoint endpoint = context.getBean(SupervisionEndpoint.class);
			WebEndpointResponse<Object> unknown = endpoint.act(new String[] { "ops", "a" }, "reboot", ALICE);
			assertThat(unknown.getStatus()).isEqualTo(400);
			assertThat(((MessageDescriptor) unknown.getBody()).message()).contains("'reboot'").contains("restart");
			assertThat(endpoint.act(new String[] { "ops", "a" }, null, ALICE).getStatus()).isEqualTo(400);
			assertThat(endpoint.act(new String[] { "ops", "zz" }, "restart", ALICE).getStatus()).isEqualTo(404);
			assertThat(endpoint.act(new String[] { "ops" }, "delete", ALICE).getStatus()).isEqualTo(409);
			assertThat(endpoint.act(new String[] { "ops" }, "start", ALICE).getStatus()).isEqualTo(409);
			assertThat(context.getBean(SupervisionRegistry.class).find("ops/a").orElseThrow().incarnation()).isEqualTo(1);
		});
	}

	@Test
	void refusalsSpeakTheEndpointsActionsNotJavaMethods() {
		this.runner.run((context) -> {
			SupervisionEndpoint endpoint = context.getBean(SupervisionEndpoint.class);
			context.getBean(SupervisionRegistry.class).supervisor("ops/pool").startDynamicChild("w-1", null);
			for (String action : List.of("start", "delete")) {
				WebEndpointResponse<Object> refused = endpoint.act(new String[] { "ops", "pool", "w-1" }, action, ALICE);
				assertThat(refused.getStatus()).isEqualTo(409);
				assertThat(((MessageDescriptor) refused.getBody()).message()).contains("{\"action\": \"")
					.doesNotContain("Child(", "terminateChild", "forceRestartChild");
			}
		});
	}

	@Test
	void anActionWithoutAPathIsA405ThatSaysWhatToSend() {
		this.runner.run((context) -> {
			SupervisionEndpoint endpoint = context.getBean(SupervisionEndpoint.class);
			WebEndpointResponse<Object> refused = endpoint.act(new String[0], "restart", ALICE);
			assertThat(refused.getStatus()).isEqualTo(405);
			assertThat(((MessageDescriptor) refused.getBody()).message()).contains("needs a node's path");
		});
	}

	@Test
	void badPagingNamesTheParameterItsValueAndItsRange() {
		// Rule: every bad query parameter gets a 400 naming the parameter, the value and the allowed range.
		this.runner.run((context) -> {
			SupervisionEndpoint endpoint = context.getBean(SupervisionEndpoint.class);
			WebEndpointResponse<Object> limit = endpoint.node(new String[] { "ops" }, null, 5000, null, ALICE);
			assertThat(limit.getStatus()).isEqualTo(400);
			assertThat(((MessageDescriptor) limit.getBody()).message()).contains("'limit'", "'5000'", "0 to 1000");
			WebEndpointResponse<Object> depth = endpoint.trees(null, null, -1, ALICE);
			assertThat(((MessageDescriptor) depth.getBody()).message()).contains("'depth'", "'-1'");
		});
	}

	@Test
	void terminatingAndStartingARootTree() {
		this.runner.run((context) -> {
			SupervisionEndpoint endpoint = context.getBean(SupervisionEndpoint.class);
			WebEndpointResponse<Object> stopped = endpoint.act(new String[] { "ops" }, "terminate", ALICE);
			assertThat(((NodeDescriptor) stopped.getBody()).state()).isEqualTo("stopped");
			WebEndpointResponse<Object> again = endpoint.act(new String[] { "ops" }, "terminate", ALICE);
			assertThat(again.getStatus()).as("as a stopped child: OTP terminate_child is ok").isEqualTo(200);
			assertThat(((NodeDescriptor) again.getBody()).state()).isEqualTo("stopped");
			WebEndpointResponse<Object> started = endpoint.act(new String[] { "ops" }, "start", ALICE);
			assertThat(((NodeDescriptor) started.getBody()).state()).isEqualTo("running");
			assertThat(((NodeDescriptor) started.getBody()).incarnation()).isEqualTo(2);
		});
	}

	@Test
	void everyWriteIsAnAuditEventWithItsPrincipalWhenTheApplicationKeepsThem() {
		this.runner.withUserConfiguration(Audit.class).run((context) -> {
			SupervisionEndpoint endpoint = context.getBean(SupervisionEndpoint.class);
			endpoint.act(new String[] { "ops", "a" }, "restart", ALICE);
			endpoint.act(new String[] { "ops", "a" }, "start", ALICE);
			List<AuditEvent> events = context.getBean(AuditEventRepository.class)
				.find("alice", null, SupervisionEndpoint.AUDIT_TYPE);
			assertThat(events).hasSize(2);
			assertThat(events.get(0).getData()).containsEntry("path", "ops/a")
				.containsEntry("action", "restart")
				.containsEntry("outcome", "ok");
			assertThat(events.get(1).getData()).containsEntry("outcome", "running");
		});
	}

	@Test
	void everyWriteAttemptIsAuditedWhenItArrivesAndWithItsOutcomeWhateverItIs() {
		this.runner.withUserConfiguration(Audit.class).run((context) -> {
			SupervisionEndpoint endpoint = context.getBean(SupervisionEndpoint.class);
			assertThat(endpoint.act(new String[] { "ops", "a" }, "reboot", ALICE).getStatus()).isEqualTo(400);
			assertThat(endpoint.act(new String[] { "ops", "a" }, null, ALICE).getStatus()).isEqualTo(400);
			assertThat(endpoint.act(new String[] { "ops", "zz" }, "restart", ALICE).getStatus()).isEqualTo(404);
			assertThat(endpoint.act(new String[] { "ops", "a" }, "start", ALICE).getStatus()).isEqualTo(409);
			AuditEventRepository audit = context.getBean(AuditEventRepository.class);
			assertThat(audit.find("alice", null, SupervisionEndpoint.AUDIT_REQUEST_TYPE)).hasSize(4)
				.extracting((event) -> event.getData().get("path"))
				.containsExactly("ops/a", "ops/a", "ops/zz", "ops/a");
			assertThat(audit.find("alice", null, SupervisionEndpoint.AUDIT_TYPE))
				.extracting((event) -> event.getData().get("action"), (event) -> event.getData().get("outcome"))
				.containsExactly(tuple("reboot", "bad-request"), tuple("null", "bad-request"),
						tuple("restart", "not-found"), tuple("start", "running"));
		});
	}

	@Test
	void anExceptionInsideAnActionIsAuditedWithItsOutcome() {
		this.runner.withUserConfiguration(Audit.class, ReentrantOperator.class).run((context) -> {
			SupervisionRegistry registry = context.getBean(SupervisionRegistry.class);
			ReentrantOperator operator = context.getBean(ReentrantOperator.class);
			registry.supervisor("ops/pool").startDynamicChild("x", null);
			RuntimeException thrown = operator.thrown.get(10, TimeUnit.SECONDS);
			assertThat(thrown).as("an operator action from the supervisor's own thread").isNotNull();
			AuditEventRepository audit = context.getBean(AuditEventRepository.class);
			assertThat(audit.find("alice", null, SupervisionEndpoint.AUDIT_REQUEST_TYPE))
				.extracting((event) -> event.getData().get("path"))
				.containsExactly("ops/pool/x");
			assertThat(audit.find("alice", null, SupervisionEndpoint.AUDIT_TYPE)).singleElement()
				.satisfies((event) -> assertThat(event.getData()).containsEntry("outcome", "error")
					.containsEntry("action", "terminate")
					.hasEntrySatisfying("message", (message) -> assertThat((String) message)
						.startsWith(thrown.getClass().getName())));
		});
	}

	@Test
	void controlCharactersInAPathOrAnActionCannotForgeTheEndpointsLogLines(CapturedOutput output) {
		this.runner.run((context) -> {
			SupervisionEndpoint endpoint = context.getBean(SupervisionEndpoint.class);
			endpoint.act(new String[] { "ops", "a\r\n2026-11-21 INFO forged: tree deleted by admin" }, "restart", ALICE);
			endpoint.act(new String[] { "ops", "a" }, "restart\n2026-11-21 INFO forged\u001b[2K", ALICE);
		});
		assertThat(output.getAll().lines()).noneMatch((line) -> line.startsWith("2026-11-21 INFO forged"))
			.filteredOn((line) -> line.contains("Supervision action"))
			.hasSize(4)
			.allSatisfy((line) -> assertThat(line).doesNotContain("\u001b"))
			.anySatisfy((line) -> assertThat(line).contains("a\\r\\n2026-11-21 INFO forged"));
	}

	@Test
	void messagesFromUserCodeAreMaskedByDefaultAndShownWhenShowDetailsIsAlways() {
		this.runner.run((context) -> {
			crash(context.getBean(SupervisionRegistry.class));
			NodeDescriptor child = (NodeDescriptor) context.getBean(SupervisionEndpoint.class)
				.node(new String[] { "ops", "a" }, null, null, null, ALICE)
				.getBody();
			assertThat(child.lastExit().exception()).isEqualTo(IllegalStateException.class.getName());
			assertThat(child.lastExit().message()).as("even for an authenticated reader").isEqualTo(SupervisionSanitizer.MASK);
		});
		this.runner.withPropertyValues("management.endpoint.supervision.show-details=always").run((context) -> {
			crash(context.getBean(SupervisionRegistry.class));
			NodeDescriptor child = (NodeDescriptor) context.getBean(SupervisionEndpoint.class)
				.node(new String[] { "ops", "a" }, null, null, null, SecurityContext.NONE)
				.getBody();
			assertThat(child.lastExit().message()).isEqualTo("crash of ops/a");
		});
	}

	private static void crash(SupervisionRegistry registry) {
		Crashable.crash("ops/a");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> registry.find("ops/a").map((node) -> node.lastExit() != null).orElse(false));
	}

	/** Calls the endpoint from a supervisor's own thread (in an event listener), which the engine refuses. */
	static class ReentrantOperator implements ApplicationListener<ChildStartedEvent>, ApplicationContextAware {

		final CompletableFuture<RuntimeException> thrown = new CompletableFuture<>();

		private ApplicationContext context;

		@Override
		public void setApplicationContext(ApplicationContext context) {
			this.context = context;
		}

		@Override
		public void onApplicationEvent(ChildStartedEvent event) {
			if (event.getPath().equals("ops/pool/x")) {
				try {
					this.context.getBean(SupervisionEndpoint.class)
						.act(new String[] { "ops", "pool", "x" }, "terminate", ALICE);
					this.thrown.complete(null);
				}
				catch (RuntimeException ex) {
					this.thrown.complete(ex);
				}
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Audit {

		@Bean
		InMemoryAuditEventRepository auditEventRepository() {
			return new InMemoryAuditEventRepository();
		}

		@Bean
		AuditListener auditListener(AuditEventRepository repository) {
			return new AuditListener(repository);
		}

	}

}
