package com.example;

import dev.supervisor.Service;
import dev.supervisor.ServiceContext;

/** A service for the README's plain Java tree (not shown in the README). */
class BrokerConnection implements Service {

	@Override
	public void start(ServiceContext context) {
	}

	@Override
	public void stop(ServiceContext context) {
	}

}
