package dev.supervisor.spring.actuate;

import java.security.Principal;
import java.util.List;

import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.actuate.endpoint.MessageDescriptor;
import dev.supervisor.spring.actuate.endpoint.NodeDescriptor;
import dev.supervisor.spring.actuate.endpoint.SupervisionEndpoint;
import dev.supervisor.spring.actuate.endpoint.TreesDescriptor;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import dev.supervisor.spring.autoconfigure.actuate.SupervisionEndpointAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.actuate.audit.listener.AuditListener;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link SupervisionEndpoint} class itself, on a running tree.
 */
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
	void terminatingAndStartingARootTree() {
		this.runner.run((context) -> {
			SupervisionEndpoint endpoint = context.getBean(SupervisionEndpoint.class);
			WebEndpointResponse<Object> stopped = endpoint.act(new String[] { "ops" }, "terminate", ALICE);
			assertThat(((NodeDescriptor) stopped.getBody()).state()).isEqualTo("stopped");
			assertThat(endpoint.act(new String[] { "ops" }, "terminate", ALICE).getStatus()).isEqualTo(409);
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
