package dev.supervisor.spring.cluster.replica;

import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import org.springframework.core.env.Environment;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * One replica: a singleton tree {@code relay} whose {@code recorder} child writes each of its
 * incarnations (replica, start, stop) to the database, so that the tests can count moments
 * with two replicas running it. The lock registry reaches the database through
 * {@code spring.datasource.url} (a proxy the test can cut); the recorder through
 * {@code replica.journal-url} (always direct).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ReplicaApp {

	@Bean
	DataSource dataSource(Environment environment) {
		// Not pooled: Boot's JDBC auto-configuration is not on this module's test class path.
		return new DriverManagerDataSource(environment.getRequiredProperty("spring.datasource.url"), "postgres", "");
	}

	@Bean
	DataSourceTransactionManager transactionManager(DataSource dataSource) {
		return new DataSourceTransactionManager(dataSource);
	}

	@Bean
	DefaultLockRepository lockRepository(DataSource dataSource) {
		return new DefaultLockRepository(dataSource);
	}

	@Bean
	JdbcLockRegistry lockRegistry(DefaultLockRepository repository, Environment environment) {
		return new JdbcLockRegistry(repository,
				environment.getProperty("supervision.cluster.lock-ttl", Duration.class, Duration.ofSeconds(10)));
	}

	@Bean
	@Scope("prototype")
	Recorder recorder(Environment environment) {
		return new Recorder(environment.getRequiredProperty("replica.journal-url"),
				environment.getRequiredProperty("supervision.cluster.replica-id"));
	}

	public static void main(String[] args) {
		SpringApplication.run(ReplicaApp.class, args);
	}

}
