package dev.supervisor.spring.actuate;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

@Configuration(proxyBeanMethods = false)
class ActuatorSecurity {

	@Bean
	SecurityFilterChain actuator(HttpSecurity http) throws Exception {
		return http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(EndpointRequest.to("health")).permitAll()
				// Readers sign in (messages stay masked unless they are operators); writes are for operators.
				.requestMatchers(HttpMethod.GET).authenticated()
				.anyRequest().hasRole("OPS"))
			.httpBasic(Customizer.withDefaults())
			// A machine client has no CSRF token; a browser session would need one.
			.csrf((csrf) -> csrf.ignoringRequestMatchers(EndpointRequest.toAnyEndpoint()))
			.build();
	}

}
