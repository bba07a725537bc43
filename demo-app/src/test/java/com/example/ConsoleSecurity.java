package com.example;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

	@Bean
	SecurityFilterChain security(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests
				// Operator actions (from the console or a client) need the OPS role ...
				.requestMatchers(HttpMethod.POST, "/actuator/supervision/**").hasRole("OPS")
				// ... reading the trees, their history and the console a login.
				.requestMatchers(EndpointRequest.to("supervision")).authenticated()
				.anyRequest().permitAll())
			// CSRF stays on: the console sends the session's token with its POSTs.
			.formLogin(Customizer.withDefaults())
			.build();
	}

}
