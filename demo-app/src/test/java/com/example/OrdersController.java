package com.example;

import dev.supervisor.spring.handle.ChildHandle;
import dev.supervisor.spring.handle.SupervisionPath;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class OrdersController {

	private final ChildHandle<Poller> poller;

	OrdersController(@SupervisionPath("jobs/poller") ChildHandle<Poller> poller) {
		this.poller = poller;
	}

	@GetMapping("/orders/pending")
	int pending() {
		return this.poller.call(Poller::pending);  // the current incarnation, whichever it is
	}

}
