package dev.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.supervisor.SupervisionEvent.Type.EXITED;
import static dev.supervisor.SupervisionEvent.Type.GAVE_UP;
import static dev.supervisor.SupervisionEvent.Type.RESTARTED;
import static dev.supervisor.SupervisionEvent.Type.STARTED;
import static dev.supervisor.SupervisionEvent.Type.STOPPED;
import static dev.supervisor.SupervisionEvent.Type.SUPERVISOR_STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Issue item 11: every start, exit, restart, give-up and shutdown is an event and a report line. */
class EventsTest {

	@RegisterExtension
	final TestChildren children = new TestChildren();

	@Test
	void aCrashAndAGiveUpProduceTheEventsInOrderWithPathIncarnationReasonAndTiming() throws Exception {
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("a"))
			.withIntensity(1, Duration.ofSeconds(5)), this.children.options());
		tree.start();
		this.children.crash("t/a");
		SupervisionEvent restarted = this.children.await(RESTARTED, "t/a");
		assertThat(restarted.duration()).as("exit to running").isNotNull();
		this.children.crash("t/a");
		tree.termination().join();
		assertThat(this.children.allEvents).extracting(SupervisionEvent::type, SupervisionEvent::path,
				SupervisionEvent::incarnation)
			.containsExactly(tuple(STARTED, "t/a", 1L), tuple(STARTED, "t", 1L), tuple(EXITED, "t/a", 1L), tuple(STARTED, "t/a", 2L),
					tuple(RESTARTED, "t/a", 2L), tuple(EXITED, "t/a", 2L), tuple(GAVE_UP, "t", 0L),
					tuple(SUPERVISOR_STOPPED, "t", 0L));
		assertThat(this.children.allEvents.get(2).reason().error()).hasMessage("boom t/a");
		assertThat(this.children.allEvents).allSatisfy((e) -> assertThat(e.at()).isNotNull());
		this.children.assertNoThreadsLeft("t");
	}

	@Test
	void everyEventIsWrittenAsOneOtpStyleReportLine() throws Exception {
		Logger logger = Logger.getLogger("dev.supervisor.Supervisor");
		List<LogRecord> records = new CopyOnWriteArrayList<>();
		Handler handler = new Handler() {

			@Override
			public void publish(LogRecord record) {
				records.add(record);
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};
		java.util.logging.Level previous = logger.getLevel();
		logger.setLevel(java.util.logging.Level.ALL);
		logger.addHandler(handler);
		try {
			SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("a")),
					this.children.options().withReports(true));
			tree.start();
			this.children.crash("t/a");
			this.children.await(RESTARTED, "t/a");
			tree.stop();
		}
		finally {
			logger.removeHandler(handler);
			logger.setLevel(previous);
		}
		assertThat(records).extracting(LogRecord::getMessage).contains(
				"supervisor report: event=exited path=t/a incarnation=1 reason=crashed(java.lang.IllegalStateException: boom t/a)")
			.anySatisfy((line) -> assertThat(line).startsWith("supervisor report: event=restarted path=t/a incarnation=2 duration="))
			.contains("supervisor report: event=stopped path=t/a incarnation=2 reason=shutdown");
		assertThat(records).filteredOn((r) -> r.getMessage().contains("event=exited"))
			.singleElement()
			.satisfies((r) -> assertThat(r.getThrown()).hasMessage("boom t/a"));
		assertThat(this.children.allEvents).anyMatch((e) -> e.type() == STOPPED);
	}

}
