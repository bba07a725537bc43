package com.example;

import dev.supervisor.ChildContext;
import dev.supervisor.Worker;

/** A dynamic child of the README's plain Java tree (not shown in the README). */
class Bucket implements Worker {

	final String tenant;

	Bucket(String tenant) {
		this.tenant = tenant;
	}

	@Override
	public void run(ChildContext context) throws InterruptedException {
		while (!context.stopRequested()) {
			Thread.sleep(1000);
		}
	}

}
