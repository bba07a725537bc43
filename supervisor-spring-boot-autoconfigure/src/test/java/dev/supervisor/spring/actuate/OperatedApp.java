package dev.supervisor.spring.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import dev.supervisor.spring.SupervisionRegistry;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small real web application with one tree, {@code ops}: a service {@code a}, a dynamic
 * supervisor {@code pool}, and the endpoint, health and Prometheus exposed on a random port.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class OperatedApp {

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	Crashable crashable() {
		return new Crashable();
	}

	/**
	 * An application endpoint that calls a child through its handle: {@code GET /children/{tree}/{id}}
	 * (registered as a member component of this configuration).
	 */
	@RestController
	static class ChildController {

		private final SupervisionRegistry registry;

		ChildController(SupervisionRegistry registry) {
			this.registry = registry;
		}

		@GetMapping("/children/{tree}/{id}")
		String call(@PathVariable String tree, @PathVariable String id) {
			return this.registry.handle(tree + "/" + id, Crashable.class).call((child) -> "reached " + tree + "/" + id);
		}

	}

	/** A singleton worker, used only by trees a test adds. */
	@Bean
	StubbornWriter stubbornWriter() {
		return new StubbornWriter();
	}

	static final String[] TREE = { "supervision.trees.ops.intensity=3", "supervision.trees.ops.period=1m",
			"supervision.trees.ops.children[0].id=a", "supervision.trees.ops.children[0].bean=crashable",
			"supervision.trees.ops.children[1].id=pool", "supervision.trees.ops.children[1].type=dynamic",
			"supervision.trees.ops.children[1].template.bean=crashable",
			"supervision.trees.ops.children[1].template.restart=temporary",
			"management.endpoints.web.exposure.include=health,supervision,prometheus",
			"management.endpoint.health.show-details=always", "management.endpoint.supervision.access=unrestricted",
			"server.port=0" };

	/**
	 * Spring Security is on the test classpath (for the tests of {@code show-details:
	 * when-authorized}); applications that stand for one without it leave it out.
	 */
	static final String NO_SECURITY = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration";

	static ConfigurableApplicationContext run(String... extra) {
		return run(new Class<?>[0], extra);
	}

	static ConfigurableApplicationContext run(Class<?>[] configurations, String... extra) {
		List<String> properties = new ArrayList<>(List.of(TREE));
		properties.add(NO_SECURITY);
		properties.addAll(List.of(extra));
		List<Class<?>> sources = new ArrayList<>(List.of(OperatedApp.class));
		sources.addAll(List.of(configurations));
		return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).web(WebApplicationType.SERVLET)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.properties(properties.toArray(String[]::new))
			.run();
	}

	/** A tiny HTTP client for one running application. */
	record Http(HttpClient client, String base) {

		static Http of(ConfigurableApplicationContext context) {
			return new Http(HttpClient.newHttpClient(),
					"http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
		}

		HttpResponse<String> get(String path) throws IOException, InterruptedException {
			return this.client.send(HttpRequest.newBuilder(URI.create(this.base + path)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
			return this.client.send(HttpRequest.newBuilder(URI.create(this.base + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build(), HttpResponse.BodyHandlers.ofString());
		}

	}

}
