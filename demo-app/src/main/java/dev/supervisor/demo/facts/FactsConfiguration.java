package dev.supervisor.demo.facts;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

/**
 * The beans the {@code facts} tree is made of.
 */
@Configuration(proxyBeanMethods = false)
class FactsConfiguration {

	@Bean
	FactLog factLog() {
		return new FactLog();
	}

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	FactConsumer factConsumer(FactLog log) {
		return new FactConsumer(log);
	}

}
