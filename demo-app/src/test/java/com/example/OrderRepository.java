package com.example;

import java.util.concurrent.atomic.AtomicInteger;

/** The application's own bean that the README's poller uses (not shown in the README). */
class OrderRepository {

	final AtomicInteger processed = new AtomicInteger();

	void processNewOrders() {
		this.processed.incrementAndGet();
	}

	int pending() {
		return 0;
	}

}
