package dev.supervisor.demo.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Security of the demo. By default everything is open, as the tour expects. With
 * {@code demo.security.enabled=true} it shows how to secure the supervision endpoint and its
 * console: reading needs a login (form or HTTP basic), operator actions the {@code OPS} role, and
 * POSTs from a browser session carry Spring Security's CSRF token (the console sends it). Two
 * demo users: {@code operator}/{@code operator} (OPS) and {@code viewer}/{@code viewer}.
 */
@Configuration(proxyBeanMethods = false)
class DemoSecurity {

	@Bean
	@ConditionalOnBooleanProperty(name = "demo.security.enabled", havingValue = false, matchIfMissing = true)
	SecurityFilterChain openDemo(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	@ConditionalOnBooleanProperty("demo.security.enabled")
	SecurityFilterChain securedSupervision(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(EndpointRequest.to("health")).permitAll()
				.requestMatchers(HttpMethod.POST, "/actuator/supervision/**").hasRole("OPS")
				.requestMatchers(EndpointRequest.to("supervision")).authenticated()
				.anyRequest().permitAll())
			// The demo's own API (and the chaos endpoint) is for machines: no browser session, no CSRF.
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/chaos/**", "/kv/**", "/messages/**", "/facts/**"))
			.formLogin(Customizer.withDefaults())
			.httpBasic(Customizer.withDefaults())
			.build();
	}

	@Bean
	@ConditionalOnBooleanProperty("demo.security.enabled")
	InMemoryUserDetailsManager demoUsers() {
		UserDetails operator = User.withUsername("operator").password("{noop}operator").roles("OPS").build();
		UserDetails viewer = User.withUsername("viewer").password("{noop}viewer").roles("VIEWER").build();
		return new InMemoryUserDetailsManager(operator, viewer);
	}

}
