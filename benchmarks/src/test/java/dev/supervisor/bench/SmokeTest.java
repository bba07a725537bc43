package dev.supervisor.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the benchmarks' smoke mode, so {@code mvn verify} checks that every scenario and every JMH
 * benchmark builds and runs. It asserts what was reported, never how fast: timing belongs to the
 * benchmarks themselves.
 */
class SmokeTest {

	@Test
	void smokeModeRunsEveryScenarioAndReportsEveryFigure() throws Exception {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
			BenchMain.run(new String[] { "smoke" }, out);
		}
		List<String> results = buffer.toString(StandardCharsets.UTF_8)
			.lines()
			.filter((line) -> line.startsWith("RESULT "))
			.collect(Collectors.toList());

		assertThat(results).allMatch((line) -> line.startsWith("RESULT system=ours scenario="))
			.allMatch((line) -> line.matches(".* variant=\\S*jdk=[^;\\s]+;threads=(virtual|platform) .*"))
			.allMatch((line) -> line.matches(".* value=-?[0-9]+\\.[0-9]+ unit=\\S+"));
		for (String kind : List.of("kind=service", "kind=worker")) {
			assertThat(results).anyMatch((line) -> line.contains("scenario=spawn_storm ") && line.contains(kind)
					&& line.contains("metric=children_per_sec "));
			assertThat(results).anyMatch((line) -> line.contains("scenario=spawn_storm ") && line.contains(kind)
					&& line.contains("metric=heap_per_child "));
			assertThat(results).anyMatch((line) -> line.contains("scenario=shutdown ") && line.contains(kind)
					&& line.contains("metric=total_ms "));
			assertThat(results).anyMatch((line) -> line.contains("scenario=restart ") && line.contains(kind)
					&& line.contains("siblings=20;") && line.contains("metric=crash_to_new_init_p99 "));
			assertThat(results).anyMatch((line) -> line.contains("scenario=restart ") && line.contains(kind)
					&& line.contains("log=file") && line.contains("metric=crash_to_new_init_p50 "));
			assertThat(results).anyMatch((line) -> line.contains("scenario=one_for_all_restart ") && line.contains(kind)
					&& line.contains("metric=crash_to_all_restarted_p50 "));
			assertThat(results).anyMatch((line) -> line.contains("scenario=restart ") && line.contains(kind)
					&& line.contains("metric=alloc_per_restart "));
			assertThat(results).anyMatch((line) -> line.contains("scenario=crash_storm ") && line.contains(kind)
					&& line.contains("metric=all_back_ms "));
		}
		for (String child : List.of("prototype", "class", "runnable", "lifecycle")) {
			assertThat(results).anyMatch((line) -> line.contains("scenario=spring_restart ")
					&& line.contains("child=" + child + ";") && line.contains("observe=off")
					&& line.contains("metric=crash_to_new_init_p50 "));
		}
		assertThat(results).anyMatch((line) -> line.contains("scenario=spring_restart ") && line.contains("observe=on")
				&& line.contains("metric=crash_to_new_init_p99 "));
		assertThat(results).anyMatch((line) -> line.contains("scenario=spring_restart ")
				&& line.contains("metric=alloc_per_restart "));
		for (String metric : List.of("refresh_ms", "close_ms", "us_per_declared_child", "cpu_us_per_declared_child")) {
			assertThat(results).anyMatch((line) -> line.contains("scenario=startup ") && line.contains("metric=" + metric + " "));
		}
		assertThat(results).anyMatch((line) -> line.contains("scenario=endpoint ") && line.contains("metric=get_tree_p99 "));
		assertThat(results).anyMatch((line) -> line.contains("scenario=endpoint ") && line.contains("metric=alloc_per_request "));
		for (String call : List.of("call=direct;callers=1", "call=handle;callers=1", "call=handle;callers=8;restarts=none",
				"call=handle;callers=8;restarts=every-1ms")) {
			assertThat(results).anyMatch((line) -> line.contains("scenario=handle_call ") && line.contains(call)
					&& line.contains("metric=jmh_ns_per_call "));
		}
		assertThat(results).anyMatch((line) -> line.contains("metric=jmh_alloc_bytes_per_op "));
		assertThat(results.stream().filter((line) -> line.contains("metric=order_violations ")))
			.isNotEmpty()
			.allMatch((line) -> line.contains(" value=0.000 "));
		for (String metric : List.of("jmh_us_per_child", "jmh_crash_to_driver_sees_alive_mean", "jmh_total_ms")) {
			assertThat(results).anyMatch((line) -> line.contains("harness=jmh") && line.contains("metric=" + metric + " "));
		}
	}

}
