package dev.supervisor.spring.actuate;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

/** The children of {@link OperatedApp#TREE}, without any auto-configuration (for context runners). */
@Configuration(proxyBeanMethods = false)
class TestChildren {

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	Crashable crashable() {
		return new Crashable();
	}

}
