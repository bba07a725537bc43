package dev.supervisor.demo.scale;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

/**
 * The beans of the {@code scale} tree (declared in {@code application-scale.yml}).
 */
@Configuration(proxyBeanMethods = false)
class ScaleConfiguration {

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	Session session() {
		return new Session();
	}

}
