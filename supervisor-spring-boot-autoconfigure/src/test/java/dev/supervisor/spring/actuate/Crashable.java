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

	/** Crashes the running incarnation at the path. */
	static void crash(String path) {
		ServiceContext context = running.remove(path);
		if (context == null) {
			throw new IllegalStateException("nothing runs at " + path + " (running: " + running.keySet() + ")");
		}
		context.fail(new IllegalStateException("crash of " + path));
	}

}
