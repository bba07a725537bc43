package dev.supervisor.demo.relay;

import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.context.annotation.Scope;
import org.springframework.core.env.Environment;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The {@code cluster} profile: the replicas share a {@link JdbcLockRegistry} on the
 * PostgreSQL at {@code demo.cluster.db-url}, over which the {@code relay} tree's leader is
 * elected.
 */
@Configuration(proxyBeanMethods = false)
@Profile("cluster")
class RelayConfiguration {

	/** Spring Integration's lock table (its schema-postgresql.sql), created if missing. */
	private static final String LOCK_TABLE = """
			CREATE TABLE IF NOT EXISTS INT_LOCK (LOCK_KEY CHAR(36) NOT NULL, REGION VARCHAR(100) NOT NULL,
			  CLIENT_ID CHAR(36), CREATED_DATE TIMESTAMP NOT NULL, EXPIRED_AFTER TIMESTAMP NOT NULL,
			  CONSTRAINT INT_LOCK_PK PRIMARY KEY (LOCK_KEY, REGION))""";

	@Bean
	DataSource clusterDataSource(Environment environment) {
		DataSource dataSource = new DriverManagerDataSource(environment.getRequiredProperty("demo.cluster.db-url"),
				environment.getProperty("demo.cluster.db-user", "postgres"),
				environment.getProperty("demo.cluster.db-password", ""));
		try {
			new JdbcTemplate(dataSource).execute(LOCK_TABLE);
		}
		catch (RuntimeException ex) {
			// Created by the other replica at the same moment.
		}
		return dataSource;
	}

	@Bean
	DataSourceTransactionManager clusterTransactionManager(DataSource clusterDataSource) {
		return new DataSourceTransactionManager(clusterDataSource);
	}

	@Bean
	DefaultLockRepository lockRepository(DataSource clusterDataSource) {
		return new DefaultLockRepository(clusterDataSource);
	}

	@Bean
	JdbcLockRegistry lockRegistry(DefaultLockRepository lockRepository, Environment environment) {
		return new JdbcLockRegistry(lockRepository,
				environment.getProperty("supervision.cluster.lock-ttl", Duration.class, Duration.ofSeconds(10)));
	}

	@Bean
	@Scope("prototype")
	OutboxRelay outboxRelay(Environment environment) {
		return new OutboxRelay(environment.getProperty("supervision.cluster.replica-id", "this replica"));
	}

}
