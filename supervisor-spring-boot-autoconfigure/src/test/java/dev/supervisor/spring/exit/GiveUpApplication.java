package dev.supervisor.spring.exit;

import java.util.concurrent.CountDownLatch;

import dev.supervisor.ChildContext;
import dev.supervisor.Service;
import dev.supervisor.ServiceContext;
import dev.supervisor.Worker;
import dev.supervisor.spring.SupervisionRegistry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;

/**
 * The application of issue #9 item 5, run as a real process by {@link GiveUpExitCodeProcessTests}:
 * a tree {@code critical} ({@code intensity: 0}, {@code on-give-up: shutdown-application},
 * {@code exit-code: 3}, set by the test) and a tree {@code other} with one worker.
 * {@code --test.crash=after-start-up} crashes {@code critical/c} once {@code run} has returned.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class GiveUpApplication {

	@Bean
	@Scope("prototype")
	Crasher crasher() {
		return new Crasher(false);
	}

	@Bean
	@Scope("prototype")
	Crasher crashAtOnce() {
		return new Crasher(true);
	}

	@Bean
	@Scope("prototype")
	Service refuser() {
		return new Service() {

			@Override
			public void start(ServiceContext context) {
				throw new IllegalStateException("refused to start");
			}

			@Override
			public void stop(ServiceContext context) {
			}

		};
	}

	@Bean
	@Scope("prototype")
	Crasher idle() {
		return new Crasher(false);
	}

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(GiveUpApplication.class, args);
		if ("after-start-up".equals(context.getEnvironment().getProperty("test.crash"))) {
			context.getBean(SupervisionRegistry.class).handle("critical/c", Crasher.class).run(Crasher::crash);
		}
	}

	/** A worker that runs until it is asked to crash, or crashes at once. */
	public static class Crasher implements Worker {

		private final boolean atOnce;

		private final CountDownLatch crash = new CountDownLatch(1);

		Crasher(boolean atOnce) {
			this.atOnce = atOnce;
		}

		@Override
		public void run(ChildContext context) throws InterruptedException {
			if (!this.atOnce) {
				this.crash.await();
			}
			throw new IllegalStateException("crash of " + context.path());
		}

		void crash() {
			this.crash.countDown();
		}

	}

}
