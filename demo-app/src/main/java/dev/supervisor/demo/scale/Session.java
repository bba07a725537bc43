package dev.supervisor.demo.scale;

import dev.supervisor.Service;
import dev.supervisor.ServiceContext;

/**
 * A session that holds nothing: a service costs a few hundred bytes and no thread, so a dynamic
 * supervisor can hold 100,000 of them.
 */
public class Session implements Service {

	@Override
	public void start(ServiceContext context) {
		// Nothing to open.
	}

	@Override
	public void stop(ServiceContext context) {
		// Nothing to close.
	}

}
