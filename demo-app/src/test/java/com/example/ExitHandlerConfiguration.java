package com.example;

import java.util.concurrent.atomic.AtomicInteger;

import dev.supervisor.spring.SupervisionExitHandler;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

@TestConfiguration(proxyBeanMethods = false)
class ExitHandlerConfiguration {

	final AtomicInteger exitCode = new AtomicInteger(-1);

	@Bean
	SupervisionExitHandler supervisionExitHandler() {
		return this.exitCode::set;   // record the exit code instead of ending the test JVM
	}

}
