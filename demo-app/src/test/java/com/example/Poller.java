package com.example;

import dev.supervisor.ChildContext;
import dev.supervisor.Worker;

class Poller implements Worker {

	private final OrderRepository orders;

	Poller(OrderRepository orders) {
		this.orders = orders;
	}

	@Override
	public void run(ChildContext context) throws InterruptedException {
		while (!context.stopRequested()) {
			this.orders.processNewOrders();
			Thread.sleep(1000);          // interrupted when the supervisor stops it
		}
	}

	int pending() {
		return this.orders.pending();
	}

}
