package dev.supervisor.demo.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Chromium in headless mode, driven through its own chromedriver (both from the
 * system: nothing is downloaded), with a fresh profile in a temporary folder. Tests that need it
 * call {@link #requireChromium()} first: without Chromium they are skipped with a message, except
 * in CI ({@code CI=true}), where that is a failure.
 */
final class Browser implements AutoCloseable {

	static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");

	static final String CHROMEDRIVER = System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");

	private final ChromeDriver driver;

	private final Path profile;

	private Browser(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	/** Skips the calling test class when Chromium is missing, or fails it in CI. */
	static void requireChromium() {
		boolean present = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
		if (!present) {
			String message = "Chromium and its driver are not installed (" + CHROMIUM + ", " + CHROMEDRIVER
					+ "): the console's browser tests need them; install with 'apt-get install -y chromium chromium-driver'";
			assertThat("true".equalsIgnoreCase(System.getenv("CI"))).as(message + " (they are never skipped in CI)")
				.isFalse();
			Assumptions.abort(message);
		}
	}

	static Browser open() throws IOException {
		Path profile = Files.createTempDirectory("console-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1440,900", "--user-data-dir=" + profile);
		System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
		return new Browser(driver, profile);
	}

	WebDriver driver() {
		return this.driver;
	}

	void get(String url) {
		this.driver.get(url);
	}

	Object script(String script, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeScript(script, arguments);
	}

	Object asyncScript(String script, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeAsyncScript(script, arguments);
	}

	<T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
		// The page re-renders on live events: an element found a moment ago may be replaced.
		return new WebDriverWait(this.driver, timeout, Duration.ofMillis(50)).withMessage(what)
			.ignoring(StaleElementReferenceException.class)
			.until(condition);
	}

	/** Clicks the element that matches, finding it again if the page replaced it meanwhile. */
	void click(String css) {
		await("click " + css, Duration.ofSeconds(10), (driver) -> {
			driver.findElement(By.cssSelector(css)).click();
			return true;
		});
	}

	WebElement find(String css) {
		return this.driver.findElement(By.cssSelector(css));
	}

	List<WebElement> findAll(String css) {
		return this.driver.findElements(By.cssSelector(css));
	}

	/** Emulates the system's colour scheme ({@code light} or {@code dark}). */
	void colorScheme(String scheme) {
		this.driver.executeCdpCommand("Emulation.setEmulatedMedia",
				Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
	}

	Path screenshot(Path file) {
		try {
			Files.createDirectories(file.getParent());
			Files.copy(this.driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		try {
			this.driver.quit();
		}
		finally {
			try (Stream<Path> files = Files.walk(this.profile)) {
				for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(path);
				}
			}
		}
	}

}
