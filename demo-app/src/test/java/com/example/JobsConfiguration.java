package com.example;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

	@Bean
	@Scope("prototype")                  // a fresh Poller for each incarnation
	Poller poller(OrderRepository orders) {
		return new Poller(orders);
	}

}
