package com.example;

import dev.supervisor.ChildContext;
import dev.supervisor.Worker;

import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

@Component
@Scope("prototype")
class TenantWorker implements Worker {

	@Override
	public void run(ChildContext context) throws InterruptedException {
		TenantSettings settings = (TenantSettings) context.argument();  // startDynamicChild's argument
		while (!context.stopRequested()) {
			settings.sync(context.path());   // e.g. "tenants/acme"
			Thread.sleep(settings.intervalMillis());
		}
	}

}
