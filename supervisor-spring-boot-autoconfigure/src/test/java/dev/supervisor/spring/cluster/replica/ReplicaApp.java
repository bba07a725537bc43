package dev.supervisor.spring.cluster.replica;

import java.time.Duration;

import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.supervisor.spring.cluster.DistributedSupervisor;
import dev.supervisor.spring.cluster.DistributedTrees;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Scope;
import org.springframework.core.env.Environment;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * One replica: a singleton tree {@code relay} whose {@code recorder} child writes each of its
 * incarnations (replica, start, stop) to the database, so that the tests can count moments
 * with two replicas running it. The lock registry reaches the database through
 * {@code spring.datasource.url} (a proxy the test can cut); the recorder through
 * {@code replica.journal-url} (always direct). The distributed tree {@code tenants}, when the
 * test declares it, records its children's incarnations the same way ({@link TenantRecorder}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ReplicaApp {

	@Bean
	@Primary
	HikariDataSource dataSource(Environment environment) {
		// Made here: Boot's JDBC auto-configuration is not on this module's test class path.
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(environment.getRequiredProperty("spring.datasource.url"));
		dataSource.setUsername("postgres");
		dataSource.setMaximumPoolSize(4);
		return dataSource;
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

	@Bean
	HikariDataSource journal(Environment environment) {
		HikariDataSource journal = new HikariDataSource();
		journal.setJdbcUrl(environment.getRequiredProperty("replica.journal-url"));
		journal.setUsername("postgres");
		journal.setMaximumPoolSize(4);
		return journal;
	}

	@Bean
	@Scope("prototype")
	TenantRecorder tenantRecorder(@Qualifier("journal") DataSource journal, Environment environment) {
		return new TenantRecorder(journal, environment.getRequiredProperty("supervision.cluster.replica-id"));
	}

	/** With {@code replica.seed=N}, starts N children of the distributed tree through this replica. */
	@Bean
	ApplicationRunner seed(ObjectProvider<DistributedTrees> trees, Environment environment) {
		return (args) -> {
			int count = environment.getProperty("replica.seed", Integer.class, 0);
			Map<String, Integer> placed = new TreeMap<>();
			for (int i = 0; i < count; i++) {
				DistributedSupervisor.Placed child = trees.getObject().supervisor("tenants")
					.startChild("t-" + i, "tenant " + i);
				placed.merge(String.valueOf(child.replica()), 1, Integer::sum);
			}
			if (count > 0) {
				LogFactory.getLog(ReplicaApp.class).info("Seeded " + count + " children, placed " + placed);
			}
		};
	}

	/**
	 * {@code POST /crash?count=N} crashes N children of the distributed tree on this replica
	 * (registered as a member class of this configuration).
	 */
	@RestController
	static class Crashes {

		@PostMapping("/crash")
		int crash(@RequestParam int count) throws Exception {
			return TenantRecorder.crash(count);
		}

	}

	public static void main(String[] args) {
		SpringApplication.run(ReplicaApp.class, args);
	}

}
