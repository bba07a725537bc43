package dev.supervisor.demo.e2e;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser when the endpoint's access is read-only (the default): no
 * operator buttons, and a POST forged from the page is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleReadOnlyBrowserIT {

	private DemoProcess demo;

	private Browser browser;

	@BeforeAll
	void start() throws IOException {
		Browser.requireChromium();
		this.demo = DemoProcess.start("console-read-only", "--management.endpoint.supervision.access=read-only");
		this.browser = Browser.open();
	}

	@AfterAll
	void stop() throws IOException {
		try {
			if (this.browser != null) {
				this.browser.close();
			}
		}
		finally {
			if (this.demo != null) {
				this.demo.close();
			}
		}
	}

	@Test
	void readOnlyAccessShowsNoOperatorButtonsAndAForgedPostIsRefused() {
		ConsolePage page = new ConsolePage(this.browser, this.demo);
		page.open();
		assertThat(this.browser.script("return document.body.dataset.writable")).isEqualTo("false");
		assertThat(this.browser.find("#mode").getText()).startsWith("Read-only");
		for (String path : new String[] { "facts", "ingest/producers/p-0", "kv/buckets" }) {
			page.select(path);
			assertThat(page.actionButtons()).as("operator buttons for %s", path).isEmpty();
		}
		assertThat(page.forgedPost("ingest/producers/p-0", "{\"action\":\"restart\"}")).isEqualTo(405);
		assertThat(this.demo.node("ingest/producers/p-0").path("incarnation").asInt()).isEqualTo(1);
	}

	@Test
	void exceptionMessagesAreMaskedByDefaultAndTheirClassAndFramesShown() {
		ConsolePage page = new ConsolePage(this.browser, this.demo);
		page.open();
		assertThat(this.demo.post("/chaos/crash/ingest/producers/p-1").status()).isEqualTo(200);
		page.select("ingest/producers/p-1");
		this.browser.await("the crash in the history", ConsolePage.LOAD,
				(driver) -> this.browser.find("#details-body").getText().contains("ChaosException"));
		assertThat(this.browser.find("#history").getText()).contains("dev.supervisor.demo.chaos.ChaosException",
				"******").doesNotContain("crashed on purpose");
		assertThat(this.browser.find("#history pre.frames").getText()).contains("at dev.supervisor.demo");
	}

}
