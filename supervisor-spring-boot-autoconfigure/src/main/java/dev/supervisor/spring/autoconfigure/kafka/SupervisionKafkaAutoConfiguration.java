package dev.supervisor.spring.autoconfigure.kafka;

import dev.supervisor.spring.kafka.KafkaListenerContainers;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for Spring Kafka listener containers as
 * supervised children ({@code kafka-listener:}). Only when Spring Kafka is on the classpath.
 */
@AutoConfiguration
@ConditionalOnClass(KafkaListenerEndpointRegistry.class)
@ConditionalOnBooleanProperty(name = "supervision.enabled", matchIfMissing = true)
public final class SupervisionKafkaAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static KafkaListenerContainers supervisionKafkaListenerContainers(ConfigurableApplicationContext context) {
		return new KafkaListenerContainers(context.getBeanFactory(), context);
	}

}
