package dev.supervisor.demo.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' console in a real browser (Debian's Chromium, headless) against the demo's real
 * jar with the {@code scale} profile. One process and one browser serve the class; the tests run
 * in order, and the last one restarts the demo on the same port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

	private DemoProcess demo;

	private Browser browser;

	private ConsolePage page;

	@BeforeAll
	void start() throws IOException {
		Browser.requireChromium();
		// Exception messages shown (they are masked by default: see ConsoleReadOnlyBrowserIT).
		this.demo = DemoProcess.start("console-browser", "--spring.profiles.active=scale",
				"--management.endpoint.supervision.show-details=always");
		this.browser = Browser.open();
		this.page = new ConsolePage(this.browser, this.demo);
		this.page.open();
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
	@Order(1)
	void thePageShowsExactlyTheTreesAndStatesThatTheEndpointReturns() {
		JsonNode trees = this.demo.get("/actuator/supervision?limit=1").json().path("trees");
		Map<String, String> expected = new LinkedHashMap<>();
		List<String> roots = new java.util.ArrayList<>();
		for (JsonNode tree : trees.values()) {
			roots.add(tree.path("path").asString());
			collect(tree, expected);
		}
		assertThat(roots).containsExactlyInAnyOrder("kv", "ingest", "facts", "scale");
		assertThat(expected).containsKeys("ingest/producers/p-0", "facts/consumers/ledger", "kv/buckets", "scale/sessions");
		this.browser.await("the page shows the endpoint's nodes", ConsolePage.LOAD,
				(driver) -> this.page.shownStates().equals(expected));
		assertThat(this.page.shownStates()).containsExactlyEntriesOf(expected);
		List<String> shownRoots = this.browser.findAll("#tree > [role=treeitem]")
			.stream()
			.map((item) -> item.getAttribute("data-path"))
			.toList();
		assertThat(shownRoots).containsExactlyElementsOf(roots);
		assertThat(this.browser.find("#tree [data-path='kv/buckets'] .counts").getText()).contains("children");
		assertThat(this.browser.find("#tree [data-path='ingest/producers'] [role=meter]").getAttribute("aria-label"))
			.contains("of 5 allowed");
		assertThat(this.browser.find("#tree [data-path='ingest/producers'] .shutdown").getText()).contains("24 s");
		assertThat(this.browser.find("#tree [data-path='ingest'] .shutdown").getText()).contains("29 s");
	}

	private static void collect(JsonNode node, Map<String, String> into) {
		into.put(node.path("path").asString(), node.path("state").asString());
		if (!node.path("type").asString().contains("dynamic")) {
			node.path("children").values().forEach((child) -> collect(child, into));
		}
	}

	@Test
	@Order(2)
	void aCrashThroughTheChaosEndpointAppearsWithinASecondAndTheHistoryShowsItsException() {
		// Measured in the browser: from the crash request until the page shows the new incarnation.
		Object millis = this.browser.asyncScript("""
				const done = arguments[arguments.length - 1];
				const shown = () => {
					const item = document.querySelector('#tree [data-path="ingest/producers/p-0"]');
					return item && /incarnation 2,/.test(item.getAttribute('aria-label'));
				};
				const started = performance.now();
				const observer = new MutationObserver(() => {
					if (shown()) { observer.disconnect(); done(performance.now() - started); }
				});
				observer.observe(document.getElementById('tree'), { subtree: true, childList: true, attributes: true });
				fetch('/chaos/crash/ingest/producers/p-0', { method: 'POST' });
				setTimeout(() => { observer.disconnect(); done(-1); }, 5000);
				""");
		double elapsed = ((Number) millis).doubleValue();
		System.out.printf("Console: a crash was shown %.0f ms after the chaos request%n", elapsed);
		assertThat(elapsed).as("ms from the crash to the page showing incarnation 2").isBetween(0.0, 1000.0);
		this.page.select("ingest/producers/p-0");
		this.browser.await("the history shows the crash's exception", ConsolePage.LOAD,
				(driver) -> this.browser.find("#history").getText().contains("ChaosException"));
		String history = this.browser.find("#history").getText();
		assertThat(history).contains("exited", "crashed", "dev.supervisor.demo.chaos.ChaosException",
				"crashed on purpose through POST /chaos/crash/ingest/producers/p-0", "restarted");
		assertThat(this.browser.find("#history pre.frames").getText()).contains("at dev.supervisor.demo");
		assertThat(this.browser.find("#events").getText()).contains("exited ingest/producers/p-0 crashed");
	}

	@Test
	@Order(3)
	void theRestartButtonBringsAFailedFactsTreeBack() {
		assertThat(this.demo.post("/chaos/poison-fact").status()).isEqualTo(200);
		this.page.awaitState("facts", "failed", Duration.ofSeconds(5));
		assertThat(this.demo.delete("/facts/poison").status()).isEqualTo(200);
		this.page.select("facts");
		assertThat(this.browser.find("button[data-action='restart']").getText()).isEqualTo("Restart tree");
		this.browser.click("button[data-action='restart']");
		this.browser.await("the confirmation dialog", Duration.ofSeconds(5),
				(driver) -> this.browser.find("#confirm").getAttribute("open") != null);
		assertThat(this.browser.find("#confirm-title").getText()).contains("facts");
		assertThat(this.browser.driver().switchTo().activeElement().getAttribute("id")).as("focus on Cancel")
			.isEqualTo("confirm-cancel");
		this.browser.click("#confirm-ok");
		this.page.awaitState("facts", "running", Duration.ofSeconds(10));
		assertThat(this.browser.script("return document.body.dataset.lastActionStatus")).isEqualTo("200");
		assertThat(this.browser.find("#toast").getAttribute("textContent")).contains("facts", "done");
		assertThat(this.demo.node("facts").path("state").asString()).isEqualTo("running");
		this.browser.await("the history shows the operator's restart", ConsolePage.LOAD,
				(driver) -> this.browser.find("#history").getText().contains("restart by anonymous: ok"));
	}

	@Test
	@Order(4)
	void theTreeWorksWithTheKeyboardAndTextIsReadableInLightAndDarkThemes() {
		WebElement first = this.browser.find("#tree [role=treeitem][tabindex='0']");
		first.click();
		WebElement kv = this.page.item("kv");
		kv.findElement(By.cssSelector(".row")).click();
		this.browser.driver().switchTo().activeElement().sendKeys(Keys.HOME);
		String firstRoot = this.browser.findAll("#tree > [role=treeitem]").get(0).getAttribute("data-path");
		assertThat(this.browser.driver().switchTo().activeElement().getAttribute("data-path")).isEqualTo(firstRoot);
		this.page.item("kv").findElement(By.cssSelector(".row")).click();
		this.browser.driver().switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
		assertThat(this.browser.driver().switchTo().activeElement().getAttribute("data-path")).isEqualTo("kv/buckets");
		this.browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
		this.browser.await("Enter selects", ConsolePage.LOAD,
				(driver) -> "kv/buckets".equals(this.browser.find("#details-title").getText()));
		this.page.item("kv").sendKeys(Keys.ARROW_LEFT);
		assertThat(this.page.item("kv").getAttribute("aria-expanded")).isEqualTo("false");
		this.page.item("kv").sendKeys(Keys.ARROW_RIGHT);
		assertThat(this.page.item("kv").getAttribute("aria-expanded")).isEqualTo("true");
		// Every control has an accessible name; every input a label.
		for (WebElement button : this.browser.findAll("button")) {
			String name = button.getAttribute("aria-label");
			assertThat((name != null) ? name : button.getAttribute("textContent")).as("a button's name").isNotBlank();
		}
		assertThat(this.browser.script("""
				return [...document.querySelectorAll('input')].filter((input) =>
					!input.getAttribute('aria-label') && !document.querySelector(`label[for="${input.id}"]`)).length;
				""")).isEqualTo(0L);
		for (String scheme : List.of("light", "dark")) {
			this.browser.colorScheme(scheme);
			String background = (String) this.browser.script("return getComputedStyle(document.body).backgroundColor");
			assertThat(background).isEqualTo(scheme.equals("dark") ? "rgb(18, 20, 23)" : "rgb(255, 255, 255)");
			List<Map<String, Object>> contrasts = this.page.contrasts();
			assertThat(contrasts).hasSizeGreaterThan(20);
			assertThat(contrasts).as("text below 4.5:1 in the %s theme", scheme)
				.allSatisfy((pair) -> assertThat(((Number) pair.get("ratio")).doubleValue()).as(pair.toString())
					.isGreaterThanOrEqualTo(4.5));
		}
		this.browser.colorScheme("light");
	}

	@Test
	@Order(5)
	void aDynamicSupervisorWithAHundredThousandChildrenRendersAndScrolls() {
		// Spawned with the page closed: what is measured is rendering 100,000 children, not the spawn.
		this.browser.get("about:blank");
		DemoProcess.Response spawn = this.demo.send(this.demo.request("/chaos/spawn/scale/sessions?count=100000")
			.timeout(Duration.ofMinutes(5))
			.POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
		assertThat(spawn.status()).as(spawn.body()).isEqualTo(200);
		assertThat(spawn.json().path("started").asInt()).isEqualTo(100_000);
		this.browser.get(this.page.url());
		this.page.awaitLoaded();
		this.browser.await("100,000 children counted", ConsolePage.LOAD, (driver) -> this.browser
			.find("#tree [data-path='scale/sessions'] .counts").getText().startsWith("100,000 children"));
		long firstRender = Long.parseLong((String) this.browser.script("return document.body.dataset.firstRenderMs"));
		this.page.select("scale/sessions");
		this.browser.await("the first rows of the list", ConsolePage.LOAD,
				(driver) -> !this.browser.findAll("#children .vrow").isEmpty());
		long listRender = Long.parseLong((String) this.browser.script("return document.body.dataset.listRenderMs"));
		System.out.printf("Console with 100,000 children: time to first render %d ms (navigation to the tree shown), "
				+ "children list first rows %d ms after selecting it (spawn took %s ms)%n", firstRender, listRender,
				spawn.json().path("millis").asString());
		assertThat(this.browser.find("#children").getAttribute("aria-label")).contains("100,000");
		assertThat(this.browser.findAll("#children .vrow")).as("only the visible rows are in the page").hasSizeLessThan(60);
		this.browser.script("const list = document.getElementById('children'); list.scrollTop = list.scrollHeight;");
		this.browser.await("the last child after scrolling to the end", ConsolePage.LOAD,
				(driver) -> !this.browser.findAll("#children .vrow[data-index='99999']").isEmpty());
		assertThat(this.browser.find("#children .vrow[data-index='99999']").getAttribute("data-path"))
			.isEqualTo("scale/sessions/s-99999");
		this.browser.script("const list = document.getElementById('children'); list.scrollTop = 50000 * 28;");
		this.browser.await("the middle of the list", ConsolePage.LOAD,
				(driver) -> !this.browser.findAll("#children .vrow[data-index='50000']").isEmpty());
		WebElement search = this.browser.find("#child-search");
		search.sendKeys("s-77777", Keys.ENTER);
		this.browser.await("the child found by id", ConsolePage.LOAD,
				(driver) -> "scale/sessions/s-77777".equals(this.browser.find("#details-title").getText()));
		// Its own events were folded into the supervisor's history long ago, and pushed out by newer ones.
		assertThat(this.browser.find("#details-body").getText()).contains("running", "History");
	}

	@Test
	@Order(6)
	void aScreenshotOfTheConsoleIsSavedForTheReadme() {
		this.page.select("ingest/producers/p-0");
		this.browser.await("history shown", ConsolePage.LOAD,
				(driver) -> this.browser.find("#history").getText().contains("ChaosException"));
		Path light = this.browser.screenshot(Path.of("target", "console.png"));
		this.browser.colorScheme("dark");
		Path dark = this.browser.screenshot(Path.of("target", "console-dark.png"));
		this.browser.colorScheme("light");
		System.out.println("Console screenshots: " + light.toAbsolutePath() + ", " + dark.toAbsolutePath());
		assertThat(light).isNotEmptyFile();
		assertThat(dark).isNotEmptyFile();
	}

	@Test
	@Order(7)
	void thePageReconnectsAfterTheServerRestarts() throws Exception {
		int port = this.demo.port();
		this.demo.sigterm();
		assertThat(this.demo.awaitExit(Duration.ofSeconds(60))).isTrue();
		this.browser.await("the page says it is reconnecting", Duration.ofSeconds(30),
				(driver) -> !"live".equals(this.browser.script("return document.body.dataset.connection")));
		this.demo.close();
		this.demo = DemoProcess.start("console-browser-restarted", port, "--spring.profiles.active=scale",
				"--management.endpoint.supervision.show-details=always");
		// The new process knows nothing of the crash: p-0 is back at incarnation 1 without a reload.
		this.browser.await("live again, showing the new process", Duration.ofSeconds(60),
				(driver) -> "live".equals(this.browser.script("return document.body.dataset.connection"))
						&& this.page.item("ingest/producers/p-0").getAttribute("aria-label").contains("incarnation 1,"));
		assertThat(this.browser.find("#tree [data-path='scale/sessions'] .counts").getText()).startsWith("0 children");
	}

}
