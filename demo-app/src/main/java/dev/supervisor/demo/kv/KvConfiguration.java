package dev.supervisor.demo.kv;

import dev.supervisor.spring.SupervisionRegistry;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

/**
 * The beans the {@code kv} tree is made of. Children are prototypes: each incarnation is
 * a fresh instance.
 */
@Configuration(proxyBeanMethods = false)
class KvConfiguration {

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	Bucket bucket() {
		return new Bucket();
	}

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	BucketRegistry bucketRegistry(SupervisionRegistry supervision, BucketMonitor bucketMonitor) {
		return new BucketRegistry(supervision, bucketMonitor);
	}

	@Bean
	BucketMonitor bucketMonitor() {
		return new BucketMonitor();
	}

}
