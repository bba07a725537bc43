package dev.supervisor.spring.actuate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.supervisor.Service;
import dev.supervisor.ServiceContext;

/** A test service (a prototype bean) whose running incarnations can be crashed by path. */
public class Crashable implements Service {

	private static final Map<String, ServiceContext> running = new ConcurrentHashMap<>();

	@Override
	public void start(ServiceContext context) {
		running.put(context.path(), context);
	}

	@Override
	public void stop(ServiceContext context) {
		running.remove(context.path(), context);
	}

	/** Crashes the incarnation at the path once one runs (waiting up to 10 s). */
	static void crashWhenRunning(String path) {
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> running.containsKey(path));
		crash(path);
	}

	/** Crashes the running incarnation at the path. */
	static void crash(String path) {
		ServiceContext context = running.remove(path);
		if (context == null) {
			throw new IllegalStateException("nothing runs at " + path + " (running: " + running.keySet() + ")");
		}
		context.fail(new IllegalStateException("crash of " + path));
	}

}
