package dev.supervisor.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The demo application. Its three supervision trees are declared in
 * {@code application.yml}; the beans they are made of are in the {@code kv},
 * {@code ingest} and {@code facts} packages.
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public final class DemoApplication {

	private DemoApplication() {
	}

	public static void main(String[] args) {
		SpringApplication.run(DemoApplication.class, args);
	}

}
