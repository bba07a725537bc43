package dev.supervisor.demo.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Durable acceptance: what a spool accepted is read back at its next opening until the
 * journal has it, and the broker writes each of its sequences once.
 */
class SpoolTests {

	@TempDir
	Path directory;

	@Test
	void acceptedMessagesAreReadBackAtTheNextOpeningUntilTheJournalHasThem() throws IOException {
		Spool spool = Spool.open(this.directory, "p-0", 100);
		List<Message> accepted = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			accepted.add(spool.append("message " + i));
		}
		spool.acknowledge(2);
		spool.close();
		Spool reopened = Spool.open(this.directory, "p-0", 100);
		assertThat(reopened.head(100, Long.MAX_VALUE)).containsExactlyElementsOf(accepted.subList(2, 5));
		assertThat(reopened.status().recovered()).isEqualTo(3);
		assertThat(reopened.append("message 6").id()).isEqualTo(accepted.get(0).spool() + "-6");
		reopened.close();
	}

	@Test
	void payloadsAreReadBackAsTheyWereSent() throws IOException {
		String payload = "tab\there, line\nbreak, return\r, backslash \\n and \\, unicode \u00e9\u2603";
		Spool spool = Spool.open(this.directory, "p-0", 100);
		spool.append(payload);
		spool.close();
		Spool reopened = Spool.open(this.directory, "p-0", 100);
		assertThat(reopened.head(1, Long.MAX_VALUE)).singleElement().extracting(Message::payload).isEqualTo(payload);
		reopened.close();
	}

	@Test
	void aLineCutShortByTheProcessStoppingIsDroppedAndTheRestKept() throws IOException {
		Spool spool = Spool.open(this.directory, "p-0", 100);
		spool.append("one");
		spool.append("two");
		spool.close();
		Files.writeString(this.directory.resolve("p-0.spool"), "3\tthr", StandardCharsets.UTF_8,
				StandardOpenOption.APPEND);
		Spool reopened = Spool.open(this.directory, "p-0", 100);
		assertThat(reopened.head(100, Long.MAX_VALUE)).extracting(Message::payload).containsExactly("one", "two");
		assertThat(reopened.append("three").sequence()).isEqualTo(3);
		reopened.close();
		Spool again = Spool.open(this.directory, "p-0", 100);
		assertThat(again.head(100, Long.MAX_VALUE)).extracting(Message::payload).containsExactly("one", "two", "three");
		again.close();
	}

	@Test
	void aSpoolWhoseHeaderWasCutShortStartsAgainEmpty() throws IOException {
		Files.writeString(this.directory.resolve("p-0.spool"), "spo", StandardCharsets.UTF_8);
		Spool spool = Spool.open(this.directory, "p-0", 100);
		assertThat(spool.head(100, Long.MAX_VALUE)).isEmpty();
		assertThat(spool.append("first").sequence()).isEqualTo(1);
		spool.close();
		Spool reopened = Spool.open(this.directory, "p-0", 100);
		assertThat(reopened.head(100, Long.MAX_VALUE)).extracting(Message::payload).containsExactly("first");
		reopened.close();
	}

	@Test
	void aFullSpoolRefusesMessagesUntilTheJournalHasSome() throws IOException {
		Spool spool = Spool.open(this.directory, "p-0", 2);
		spool.append("one");
		spool.append("two");
		assertThatExceptionOfType(BacklogFullException.class).isThrownBy(() -> spool.append("three"));
		spool.acknowledge(1);
		assertThat(spool.append("three").sequence()).isEqualTo(3);
		spool.close();
	}

	@Test
	void aClosedSpoolRefusesMessages() throws IOException {
		Spool spool = Spool.open(this.directory, "p-0", 2);
		spool.close();
		assertThatExceptionOfType(SpoolUnavailableException.class).isThrownBy(() -> spool.append("late"))
			.withMessageContaining("the application is stopping");
	}

	@Test
	void aSpoolWhoseMessagesAreAllInTheJournalStartsItsFileAgainAndItsSequencesGoOn() throws IOException {
		Spool spool = Spool.open(this.directory, "p-0", 100);
		String large = "x".repeat((int) (Spool.COMPACT_BYTES / 2) + 1);
		spool.append(large);
		spool.append(large);
		spool.acknowledge(1);
		assertThat(Files.size(spool.file())).as("a message is not in the journal yet").isGreaterThan(Spool.COMPACT_BYTES);
		spool.acknowledge(2);
		assertThat(Files.size(spool.file())).isLessThan(100);
		assertThat(spool.append("small").sequence()).isEqualTo(3);
		spool.close();
		Spool reopened = Spool.open(this.directory, "p-0", 100);
		assertThat(reopened.head(100, Long.MAX_VALUE)).extracting(Message::sequence).containsExactly(3L);
		assertThat(reopened.append("next").sequence()).isEqualTo(4);
		reopened.close();
	}

	@Test
	void theBrokerWritesEachSequenceOfASpoolOnceAlsoAfterItRestarts() throws Exception {
		Path journal = this.directory.resolve("journal");
		Spool spool = Spool.open(this.directory, "p-0", 100);
		List<Message> messages = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			messages.add(spool.append("m" + i));
		}
		SimulatedBroker broker = new SimulatedBroker(journal, Clock.systemUTC());
		SimulatedBroker.Connection connection = broker.connect("test", (lost) -> {
		});
		connection.append("p-0", messages.subList(0, 3), "p#1");
		connection.append("p-0", messages.subList(1, 4), "p#2");
		broker.destroy();
		SimulatedBroker restarted = new SimulatedBroker(journal, Clock.systemUTC());
		restarted.connect("test", (lost) -> {
		}).append("p-0", messages, "p#3");
		restarted.destroy();
		List<String> ids = Files.readAllLines(journal.resolve("p-0.log"))
			.stream()
			.map((line) -> line.substring(0, line.indexOf('\t')))
			.toList();
		assertThat(ids).containsExactlyElementsOf(messages.stream().map(Message::id).toList());
		spool.close();
	}

}
