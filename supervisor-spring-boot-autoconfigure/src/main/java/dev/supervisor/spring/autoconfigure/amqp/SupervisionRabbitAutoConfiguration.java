package dev.supervisor.spring.autoconfigure.amqp;

import dev.supervisor.spring.amqp.RabbitListenerContainers;

import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for Spring AMQP listener containers as
 * supervised children ({@code rabbit-listener:}). Only when Spring AMQP (spring-rabbit) is on
 * the classpath.
 */
@AutoConfiguration
@ConditionalOnClass(RabbitListenerEndpointRegistry.class)
@ConditionalOnBooleanProperty(name = "supervision.enabled", matchIfMissing = true)
public final class SupervisionRabbitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static RabbitListenerContainers supervisionRabbitListenerContainers(ConfigurableApplicationContext context) {
		return new RabbitListenerContainers(context.getBeanFactory(), context);
	}

}
