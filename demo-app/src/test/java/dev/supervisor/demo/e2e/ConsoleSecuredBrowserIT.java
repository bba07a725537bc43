package dev.supervisor.demo.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser behind Spring Security ({@code demo.security.enabled=true}):
 * a login, operator actions with Spring Security's CSRF token, and refusals shown.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleSecuredBrowserIT {

	private DemoProcess demo;

	private Browser browser;

	private ConsolePage page;

	@BeforeAll
	void start() throws IOException {
		Browser.requireChromium();
		this.demo = DemoProcess.start("console-secured", "--demo.security.enabled=true");
		this.browser = Browser.open();
		this.page = new ConsolePage(this.browser, this.demo);
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
	void theConsoleNeedsALoginAndAnOperatorsRestartCarriesTheCsrfToken() {
		assertThat(this.demo.get("/actuator/supervision/_console/").status()).as("anonymous").isIn(302, 401);
		logIn("operator");
		assertThat(this.browser.find("#mode").getText()).contains("Operator actions enabled", "as operator");
		assertThat(this.page.forgedPost("ingest/producers/p-1", "{\"action\":\"restart\"}"))
			.as("a POST without the CSRF token").isEqualTo(403);
		assertThat(incarnation("ingest/producers/p-1")).isEqualTo(1);
		this.page.select("ingest/producers/p-1");
		this.browser.click("button[data-action='restart']");
		this.browser.await("the confirmation dialog", Duration.ofSeconds(5),
				(driver) -> this.browser.find("#confirm").getAttribute("open") != null);
		this.browser.click("#confirm-ok");
		this.browser.await("the action answered", Duration.ofSeconds(10),
				(driver) -> this.browser.script("return document.body.dataset.lastActionStatus") != null);
		assertThat(this.browser.script("return document.body.dataset.lastActionStatus")).isEqualTo("200");
		assertThat(incarnation("ingest/producers/p-1")).isEqualTo(2);
		this.browser.await("the history names the operator", ConsolePage.LOAD,
				(driver) -> this.browser.find("#history").getText().contains("restart by operator: ok"));
	}

	@Test
	@Order(2)
	void aViewersActionIsRefusedAndTheRefusalIsShown() {
		this.browser.driver().manage().deleteAllCookies();
		logIn("viewer");
		this.page.select("ingest/producers/p-2");
		this.browser.click("button[data-action='restart']");
		this.browser.await("the confirmation dialog", Duration.ofSeconds(5),
				(driver) -> this.browser.find("#confirm").getAttribute("open") != null);
		this.browser.click("#confirm-ok");
		this.browser.await("the refusal", Duration.ofSeconds(10),
				(driver) -> "403".equals(this.browser.script("return document.body.dataset.lastActionStatus")));
		assertThat(this.browser.find("#toast").getAttribute("textContent")).contains("refused (403)");
		assertThat(incarnation("ingest/producers/p-2")).isEqualTo(1);
	}

	private void logIn(String user) {
		this.browser.get(this.page.url());
		this.browser.await("the login page", ConsolePage.LOAD, (driver) -> !this.browser.findAll("#username").isEmpty());
		this.browser.find("#username").sendKeys(user);
		this.browser.find("#password").sendKeys(user);
		this.browser.click("button[type='submit']");
		this.page.awaitLoaded();
	}

	private int incarnation(String path) {
		String basic = Base64.getEncoder().encodeToString("viewer:viewer".getBytes(StandardCharsets.UTF_8));
		DemoProcess.Response response = this.demo
			.send(this.demo.request("/actuator/supervision/" + path).header("Authorization", "Basic " + basic).GET());
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode node = response.json();
		return node.path("incarnation").asInt();
	}

}
