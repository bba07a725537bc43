package dev.supervisor.spring.autoconfigure;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

/**
 * The beans the integration tests' applications share: a {@link Journal}, the recorded
 * {@link Events}, a {@link Resource} the children use (so it is destroyed after them) and a
 * prototype {@link Step} child named {@code step}.
 */
@Configuration(proxyBeanMethods = false)
class StepBeans {

	@Bean
	Journal journal() {
		return new Journal();
	}

	@Bean
	Events events() {
		return new Events();
	}

	@Bean
	Resource resource(Journal journal) {
		return new Resource(journal);
	}

	@Bean
	@Scope("prototype")
	Step step(Journal journal, Resource resource) {
		return new Step(journal);
	}

}
