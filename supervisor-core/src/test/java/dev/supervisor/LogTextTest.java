package dev.supervisor;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #17 §4: text from user code reaches a log line escaped and cut. */
class LogTextTest {

	@Test
	void lineBreaksAndTerminalEscapesAreEscapedSoTheTextStaysOnOneLine() {
		String forged = "Cannot open db\r\n2026-01-01 INFO  [main] forged line\u001b[31m\u0085\u2028";
		String safe = LogText.escape(forged);
		assertThat(safe).doesNotContain("\r", "\n", "\u001b", "\u0085", "\u2028")
			.isEqualTo("Cannot open db\\r\\n2026-01-01 INFO  [main] forged line\\u001b[31m\\u0085\\u2028");
	}

	@Test
	void bidirectionalOverridesAndTabsAreEscapedToo() {
		assertThat(LogText.escape("a\tb\u202Ec\u2066")).isEqualTo("a\\tb\\u202ec\\u2066");
	}

	@Test
	void longTextIsCutToTheBoundEvenWhenEscapingGrowsIt() {
		assertThat(LogText.escape("x".repeat(10_000))).hasSize(LogText.MAX_LENGTH).endsWith("…");
		assertThat(LogText.escape("\n".repeat(10_000), 40)).hasSize(40).startsWith("\\n\\n");
		assertThat(LogText.escape("plain")).isEqualTo("plain");
		assertThat(LogText.escape(null)).isEqualTo("null");
	}

	@Test
	void aThrowableWithAForgingMessageIsLoggedAsAStandInWithItsClassAndStackKept() {
		IOException cause = new IOException("inner\nforged");
		IllegalStateException error = new IllegalStateException("outer\r\nforged", cause);
		Throwable loggable = LogText.loggable(error);
		assertThat(loggable).isNotSameAs(error)
			.hasMessage("java.lang.IllegalStateException: outer\\r\\nforged");
		assertThat(loggable.getStackTrace()).isEqualTo(error.getStackTrace());
		assertThat(loggable.getCause()).hasMessage("java.io.IOException: inner\\nforged");
		assertThat(loggable.toString()).doesNotContain("\n", "\r").startsWith("java.lang.IllegalStateException: outer");
	}

	@Test
	void anOrdinaryThrowableIsLoggedAsItIs() {
		IllegalStateException error = new IllegalStateException("nothing special", new IOException("plain"));
		assertThat(LogText.loggable(error)).isSameAs(error);
		assertThat(LogText.loggable(null)).isNull();
	}

	@Test
	void aCyclicCauseChainEnds() {
		IllegalStateException a = new IllegalStateException("a\n");
		IllegalStateException b = new IllegalStateException("b", a);
		a.initCause(b);
		Throwable copy = LogText.loggable(a);
		assertThat(copy.getCause().getCause()).isSameAs(copy);
	}

}
