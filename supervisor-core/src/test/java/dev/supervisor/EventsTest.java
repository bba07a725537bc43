package dev.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.supervisor.SupervisionEvent.Type.DELETED;
import static dev.supervisor.SupervisionEvent.Type.EXITED;
import static dev.supervisor.SupervisionEvent.Type.GAVE_UP;
import static dev.supervisor.SupervisionEvent.Type.RESTARTED;
import static dev.supervisor.SupervisionEvent.Type.STARTED;
import static dev.supervisor.SupervisionEvent.Type.START_FAILED;
import static dev.supervisor.SupervisionEvent.Type.STOPPED;
import static dev.supervisor.SupervisionEvent.Type.SUPERVISOR_STARTING;
import static dev.supervisor.SupervisionEvent.Type.SUPERVISOR_START_FAILED;
import static dev.supervisor.SupervisionEvent.Type.SUPERVISOR_STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
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
			.containsExactly(tuple(SUPERVISOR_STARTING, "t", 1L), tuple(STARTED, "t/a", 1L), tuple(STARTED, "t", 1L),
					tuple(EXITED, "t/a", 1L), tuple(STARTED, "t/a", 2L),
					tuple(RESTARTED, "t/a", 2L), tuple(EXITED, "t/a", 2L), tuple(GAVE_UP, "t", 0L),
					tuple(SUPERVISOR_STOPPED, "t", 0L));
		assertThat(this.children.allEvents.get(3).reason().error()).hasMessage("boom t/a");
		assertThat(this.children.allEvents).allSatisfy((e) -> assertThat(e.at()).isNotNull());
		this.children.assertNoThreadsLeft("t");
	}

	@Test
	void everyEventIsWrittenAsOneOtpStyleReportLine() throws Exception {
		List<LogRecord> records = reports(() -> {
			SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("a")),
					this.children.options().withReports(true));
			tree.start();
			this.children.crash("t/a");
			this.children.await(RESTARTED, "t/a");
			tree.stop();
		});
		assertThat(records).extracting(LogRecord::getMessage).contains(
				"supervisor report: event=exited path=t/a incarnation=1 reason=crashed(java.lang.IllegalStateException: boom t/a)")
			.anySatisfy((line) -> assertThat(line).startsWith("supervisor report: event=restarted path=t/a incarnation=2 duration="))
			.contains("supervisor report: event=stopped path=t/a incarnation=2 reason=shutdown");
		assertThat(records).filteredOn((r) -> r.getMessage().contains("event=exited"))
			.singleElement()
			.satisfies((r) -> assertThat(r.getThrown()).hasMessage("boom t/a"));
		assertThat(this.children.allEvents).anyMatch((e) -> e.type() == STOPPED);
	}

	@Test
	void aCrashMessageWithLineBreaksAndTerminalEscapesCannotForgeAReportLine() throws Exception {
		String forged = "Cannot open jdbc\r\n2026-11-21 INFO  [main] dev.supervisor: all good\u001b[2K";
		List<LogRecord> records = reports(() -> {
			SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("a")),
					this.children.options().withReports(true));
			tree.start();
			this.children.services.get("t/a").fail(new IllegalStateException(forged));
			this.children.await(RESTARTED, "t/a");
			tree.stop();
		});
		LogRecord exited = records.stream().filter((r) -> r.getMessage().contains("event=exited")).findFirst().orElseThrow();
		assertThat(exited.getMessage()).doesNotContain("\r", "\n", "\u001b")
			.contains("Cannot open jdbc\\r\\n2026-11-21 INFO  [main] dev.supervisor: all good\\u001b[2K");
		assertThat(exited.getThrown().toString()).as("the stack trace's first line too").doesNotContain("\r", "\n", "\u001b")
			.startsWith(IllegalStateException.class.getName());
		assertThat(exited.getThrown().getStackTrace()).isNotEmpty();
		assertThat(this.children.allEvents).filteredOn((e) -> e.type() == EXITED)
			.singleElement()
			.satisfies((e) -> assertThat(e.reason().error()).as("listeners get the real throwable").hasMessage(forged));
	}

	@Test
	void aVeryLongCrashMessageIsCutInTheReportLine() throws Exception {
		List<LogRecord> records = reports(() -> {
			SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("a")),
					this.children.options().withReports(true));
			tree.start();
			this.children.services.get("t/a").fail(new IllegalStateException("x".repeat(100_000)));
			this.children.await(RESTARTED, "t/a");
			tree.stop();
		});
		assertThat(records).filteredOn((r) -> r.getMessage().contains("event=exited"))
			.singleElement()
			.satisfies((r) -> {
				assertThat(r.getMessage()).hasSizeLessThan(LogText.MAX_LENGTH + 100);
				assertThat(r.getThrown().getMessage()).hasSizeLessThan(LogText.MAX_LENGTH + 100);
			});
	}

	@Test
	void eventNamesInReportLinesAreKebabCaseAndAGiveUpNamesItsDetailAndPeriodInTheYamlNotation() throws Exception {
		List<LogRecord> records = reports(() -> {
			SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("a"))
				.withIntensity(0, Duration.ofSeconds(5)), this.children.options().withReports(true));
			tree.start();
			this.children.crash("t/a");
			tree.termination().join();
		});
		assertThat(records).extracting(LogRecord::getMessage)
			.anySatisfy((line) -> assertThat(line).startsWith("supervisor report: event=gave-up path=t")
				.contains("reason=shutdown(reached-max-restart-intensity)")
				.contains("period=5s"))
			.anySatisfy((line) -> assertThat(line).startsWith("supervisor report: event=supervisor-stopped path=t"));
	}

	@Test
	void deletingAChildIsAnEvent() throws Exception {
		SupervisionTree tree = this.children.create("t",
				SupervisorSpec.oneForOne(this.children.service("a"), this.children.service("b")));
		tree.start();
		tree.root().terminateChild("a");
		assertThat(tree.root().deleteChild("a").isOk()).isTrue();
		SupervisionEvent deleted = this.children.await(DELETED, "t/a");
		assertThat(deleted.incarnation()).isEqualTo(1);
		assertThat(deleted.kind()).isEqualTo(ChildKind.SERVICE);
	}

	private static List<LogRecord> reports(Action action) throws Exception {
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
			action.run();
		}
		finally {
			logger.removeHandler(handler);
			logger.setLevel(previous);
		}
		return records;
	}

	@FunctionalInterface
	private interface Action {

		void run() throws Exception;

	}

	@Test
	void aSupervisorReportsTheBeginningOfItsStartBeforeAnyOfItsChildren() throws Exception {
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("a"),
				ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(this.children.service("x")))));
		tree.start();
		assertThat(this.children.allEvents).extracting(SupervisionEvent::type, SupervisionEvent::path,
				SupervisionEvent::incarnation)
			.containsExactly(tuple(SUPERVISOR_STARTING, "t", 1L), tuple(STARTED, "t/a", 1L),
					tuple(SUPERVISOR_STARTING, "t/sub", 1L), tuple(STARTED, "t/sub/x", 1L), tuple(STARTED, "t/sub", 1L),
					tuple(STARTED, "t", 1L));
		assertThat(this.children.allEvents.get(2).kind()).isEqualTo(ChildKind.SUPERVISOR);
	}

	@Test
	void everySupervisorWhoseStartFailsReportsItsOwnStartFailureTheRootToo() {
		this.children.failingStarts.put("t/sub/x", new java.util.concurrent.atomic.AtomicInteger(1));
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(this.children.service("a"),
				ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(this.children.service("x")))));
		assertThatExceptionOfType(StartFailedException.class).isThrownBy(tree::start);
		assertThat(this.children.allEvents)
			.filteredOn((e) -> e.type() == START_FAILED || e.type() == SUPERVISOR_START_FAILED)
			.extracting(SupervisionEvent::type, SupervisionEvent::path, SupervisionEvent::detail)
			.containsExactly(tuple(START_FAILED, "t/sub/x", "start-error child=t/sub/x"),
					tuple(SUPERVISOR_START_FAILED, "t/sub", "start-error child=t/sub/x"),
					tuple(START_FAILED, "t/sub", "start-error child=t/sub/x"),
					tuple(SUPERVISOR_START_FAILED, "t", "start-error child=t/sub/x"));
		SupervisionEvent rootFailed = this.children.allEvents.get(this.children.allEvents.size() - 1);
		assertThat(rootFailed.type()).as("the last event: nothing of the root after its start failed")
			.isEqualTo(SUPERVISOR_START_FAILED);
		assertThat(rootFailed.reason().error()).hasMessage("start of t/sub/x refused");
	}

	@Test
	void aServiceWhoseStopThrowsIsAShutdownErrorReportedAtErrorWithItsStackTraceAndKeptAsLastExit() {
		List<LogRecord> records = new CopyOnWriteArrayList<>();
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(ChildSpec.service("db",
				(ctx) -> new Service() {

					@Override
					public void start(ServiceContext context) {
					}

					@Override
					public void stop(ServiceContext context) {
						throw new IllegalStateException("database unreachable while closing");
					}

				})), this.children.options().withReports(true).withLogger(recordingLogger(records)));
		tree.start();
		assertThat(tree.root().terminateChild("db").isOk()).isTrue();
		assertShutdownError(tree, records, "t/db", "database unreachable while closing");
	}

	@Test
	void aWorkerWhoseCleanupThrowsAfterTheStopRequestIsAShutdownErrorToo() {
		List<LogRecord> records = new CopyOnWriteArrayList<>();
		SupervisionTree tree = this.children.create("t", SupervisorSpec.oneForOne(ChildSpec.worker("w", (ctx) -> (context) -> {
			try {
				new java.util.concurrent.CountDownLatch(1).await();
			}
			finally {
				throw new java.io.UncheckedIOException(new java.io.IOException("flush failed while stopping"));
			}
		})), this.children.options().withReports(true).withLogger(recordingLogger(records)));
		tree.start();
		tree.stop();
		assertShutdownError(tree, records, "t/w", "java.io.IOException: flush failed while stopping");
	}

	private void assertShutdownError(SupervisionTree tree, List<LogRecord> records, String path, String message) {
		SupervisionEvent stopped = this.children.allEvents.stream()
			.filter((e) -> e.type() == STOPPED && e.path().equals(path))
			.findFirst()
			.orElseThrow();
		assertThat(stopped.reason().isShutdownError()).isTrue();
		assertThat(stopped.reason().error()).hasMessage(message);
		assertThat(stopped.detail()).isEqualTo("shutdown-error");
		// OTP writes a shutdown_error supervisor report; here it is an ERROR with the stack trace.
		assertThat(records).filteredOn((r) -> r.getMessage().contains("event=stopped path=" + path))
			.singleElement()
			.satisfies((r) -> {
				assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.SEVERE);
				assertThat(r.getMessage()).contains("shutdown-error").contains(message);
				assertThat(r.getThrown()).hasMessage(message);
			});
		ExitInfo lastExit = tree.find(path).orElseThrow().lastExit();
		assertThat(lastExit.reason()).isEqualTo(ExitReason.Kind.SHUTDOWN);
		assertThat(lastExit.message()).isEqualTo(message);
	}

	/** A System.Logger that keeps every record, as java.util.logging records. */
	private static System.Logger recordingLogger(List<LogRecord> records) {
		return new System.Logger() {

			@Override
			public String getName() {
				return "recording";
			}

			@Override
			public boolean isLoggable(Level level) {
				return true;
			}

			@Override
			public void log(Level level, java.util.ResourceBundle bundle, String message, Throwable thrown) {
				LogRecord record = new LogRecord(julLevel(level), message);
				record.setThrown(thrown);
				records.add(record);
			}

			@Override
			public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
				records.add(new LogRecord(julLevel(level), format));
			}

		};
	}

	private static java.util.logging.Level julLevel(System.Logger.Level level) {
		return switch (level) {
			case ERROR -> java.util.logging.Level.SEVERE;
			case WARNING -> java.util.logging.Level.WARNING;
			case INFO -> java.util.logging.Level.INFO;
			default -> java.util.logging.Level.FINE;
		};
	}

}
