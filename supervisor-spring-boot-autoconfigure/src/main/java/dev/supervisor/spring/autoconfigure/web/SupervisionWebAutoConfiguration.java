package dev.supervisor.spring.autoconfigure.web;

import dev.supervisor.spring.SupervisionRegistry;
import dev.supervisor.spring.autoconfigure.SupervisionAutoConfiguration;
import dev.supervisor.spring.web.ChildUnavailableExceptionHandler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the {@link ChildUnavailableExceptionHandler} in Spring MVC and WebFlux applications.
 */
@AutoConfiguration(after = SupervisionAutoConfiguration.class)
@ConditionalOnClass({ ProblemDetail.class, RestControllerAdvice.class })
@ConditionalOnWebApplication
@ConditionalOnBean(SupervisionRegistry.class)
public final class SupervisionWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ChildUnavailableExceptionHandler childUnavailableExceptionHandler() {
		return new ChildUnavailableExceptionHandler();
	}

}
