package dev.supervisor.spring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.supervisor.NodeSnapshot;
import dev.supervisor.spring.SupervisionRegistry;
import org.slf4j.LoggerFactory;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

/**
 * Runs real Spring Boot applications with listener containers for the tests, quiet about
 * the brokers' clients, and waits on their trees.
 */
public final class ListenerApplications {

	/** The loggers of the brokers and their clients, which log a lot at INFO. */
	private static final List<String> CHATTY = List.of("org.apache.kafka", "kafka", "state.change.logger", "org.apache.zookeeper",
			"org.springframework.kafka", "org.springframework.amqp", "com.rabbitmq");

	private ListenerApplications() {
	}

	/**
	 * Quiets the brokers' and clients' logging before a Spring application configures it
	 * (an in-process broker starts before any application).
	 */
	public static void quietLogging() {
		for (String name : CHATTY) {
			((Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN);
		}
	}

	/**
	 * Runs an application.
	 * @param configuration its configuration class
	 * @param properties its properties
	 * @return the running application
	 */
	public static ConfigurableApplicationContext run(Class<?> configuration, String... properties) {
		List<String> all = new ArrayList<>();
		for (String name : CHATTY) {
			all.add("logging.level." + name + "=WARN");
		}
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.properties(all.toArray(String[]::new))
			.run();
	}

	/**
	 * Waits until a node satisfies a condition, at most 30 s, and returns it.
	 * @param registry the trees
	 * @param path the node's path
	 * @param condition the condition
	 * @return the node as it satisfied the condition
	 */
	public static NodeSnapshot awaitNode(SupervisionRegistry registry, String path,
			java.util.function.Predicate<NodeSnapshot> condition) {
		NodeSnapshot[] found = new NodeSnapshot[1];
		await("node " + path).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
			NodeSnapshot node = registry.find(path).orElse(null);
			found[0] = node;
			return node != null && condition.test(node);
		});
		return found[0];
	}

}
