package dev.supervisor.demo.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The console page of a running demo, as a test drives it through a {@link Browser}. */
final class ConsolePage {

	static final Duration LOAD = Duration.ofSeconds(30);

	private final Browser browser;

	private final DemoProcess demo;

	ConsolePage(Browser browser, DemoProcess demo) {
		this.browser = browser;
		this.demo = demo;
	}

	String url() {
		return this.demo.uri("/actuator/supervision/_console/").toString();
	}

	/** Opens the page and waits until it has shown the trees and its stream is live. */
	void open() {
		this.browser.get(url());
		awaitLoaded();
	}

	void awaitLoaded() {
		this.browser.await("the console shows the trees and is live", LOAD,
				(driver) -> !this.browser.findAll("#tree [role=treeitem]").isEmpty()
						&& "live".equals(this.browser.script("return document.body.dataset.connection")));
	}

	WebElement item(String path) {
		return this.browser.find("#tree [role=treeitem][data-path='" + path + "']");
	}

	void awaitState(String path, String state, Duration timeout) {
		this.browser.await(path + " shown " + state, timeout, (driver) -> {
			List<WebElement> items = driver.findElements(By.cssSelector("#tree [role=treeitem][data-path='" + path + "']"));
			return !items.isEmpty() && state.equals(items.get(0).getAttribute("data-state"));
		});
	}

	/** Selects a node by clicking its row, and waits for its details. */
	void select(String path) {
		this.browser.click("#tree [role=treeitem][data-path='" + path + "'] > .row");
		this.browser.await("details of " + path, LOAD,
				(driver) -> path.equals(this.browser.find("#details-title").getText())
						&& !driver.findElements(By.cssSelector("#details-body .history-section")).isEmpty());
	}

	List<WebElement> actionButtons() {
		return this.browser.findAll("button[data-action]");
	}

	/** Every node of the tree as the page shows it: path to state. */
	Map<String, String> shownStates() {
		Map<String, String> states = new java.util.LinkedHashMap<>();
		for (WebElement item : this.browser.findAll("#tree [role=treeitem]")) {
			states.put(item.getAttribute("data-path"), item.getAttribute("data-state"));
		}
		return states;
	}

	/** A POST made from the page's own origin and session, as a forged request would be. */
	long forgedPost(String path, String body) {
		Object status = this.browser.asyncScript("""
				const done = arguments[arguments.length - 1];
				fetch(arguments[0], { method: 'POST', credentials: 'same-origin',
					headers: { 'Content-Type': 'application/json' }, body: arguments[1] })
					.then((response) => done(response.status), (error) => done(-1));
				""", "/actuator/supervision/" + path, body);
		return (Long) status;
	}

	/** Text and background colour pairs of the visible text on the page, with their contrast ratio. */
	@SuppressWarnings("unchecked")
	List<Map<String, Object>> contrasts() {
		return new ArrayList<>((List<Map<String, Object>>) this.browser.script("""
				const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
				const lum = ([r, g, b]) => {
					const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
					return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
				};
				const background = (el) => {
					for (let e = el; e; e = e.parentElement) {
						const c = parse(getComputedStyle(e).backgroundColor);
						if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
					}
					return parse(getComputedStyle(document.documentElement).backgroundColor).slice(0, 3);
				};
				const out = [];
				const selector = 'h1, h2, h3, .row span, .facts dt, .facts dd, button, th, td, .muted, .mode, .connection, .events li';
				for (const el of document.querySelectorAll(selector)) {
					if (!el.offsetParent || !el.textContent.trim()) continue;
					const fg = parse(getComputedStyle(el).color).slice(0, 3);
					const bg = background(el);
					const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
					out.push({ text: el.textContent.trim().slice(0, 40), cls: el.className, ratio: (a + 0.05) / (b + 0.05) });
				}
				return out;
				"""));
	}

}
