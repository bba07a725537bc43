package dev.supervisor.demo.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What {@code mvn verify} packages is publishable: every jar names its module
 * ({@code Automatic-Module-Name}), the library modules come with sources and Javadoc jars,
 * the auto-configuration jar carries the configuration metadata, and the Javadoc leaves
 * out the engine's internals. Runs in demo-app, the module the reactor builds after the
 * libraries.
 */
class PublishedArtifactsIT {

	private static final Path ROOT = Path.of(System.getProperty("artifacts.root", ".."));

	private static final String VERSION = System.getProperty("artifacts.version", "0.1.0-SNAPSHOT");

	@Test
	void coreJarsNameTheirModuleAndComeWithSourcesAndJavadoc() throws IOException {
		assertLibrary("supervisor-core", "dev.supervisor");
		try (JarFile javadoc = jar("supervisor-core", "-javadoc")) {
			List<String> pages = javadoc.stream().map(ZipEntry::getName).toList();
			assertThat(pages).anyMatch((page) -> page.endsWith("dev/supervisor/SupervisionTree.html"));
			assertThat(pages).as("the engine's internals are not API")
				.noneMatch((page) -> page.contains("dev/supervisor/internal/"));
		}
	}

	@Test
	void autoConfigurationJarsNameTheirModuleAndCarryTheConfigurationMetadata() throws IOException {
		assertLibrary("supervisor-spring-boot-autoconfigure", "dev.supervisor.spring.autoconfigure");
		try (JarFile jar = jar("supervisor-spring-boot-autoconfigure", "")) {
			ZipEntry metadata = jar.getEntry("META-INF/spring-configuration-metadata.json");
			assertThat(metadata).isNotNull();
			try (InputStream in = jar.getInputStream(metadata)) {
				assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
					.contains("\"supervision.trees.*.children[*].restart\"")
					.contains("\"management.health.supervision.enabled\"");
			}
		}
	}

	@Test
	void starterJarNamesItsModule() throws IOException {
		assertModuleName(jar("supervisor-spring-boot-starter", ""), "dev.supervisor.spring.starter");
	}

	@Test
	void applicationAndBenchmarkJarsNameTheirModule() throws IOException {
		assertModuleName(new JarFile(ROOT.resolve("demo-app/target/demo-app-" + VERSION + ".jar").toFile()),
				"dev.supervisor.demo");
		Path benchmarks = ROOT.resolve("benchmarks/target/benchmarks.jar");
		assumeTrue(Files.isRegularFile(benchmarks), "benchmarks built in this reactor");
		assertModuleName(new JarFile(benchmarks.toFile()), "dev.supervisor.bench");
	}

	private static void assertLibrary(String module, String moduleName) throws IOException {
		for (String classifier : new String[] { "", "-sources", "-javadoc" }) {
			assertModuleName(jar(module, classifier), moduleName);
		}
	}

	private static void assertModuleName(JarFile jar, String moduleName) throws IOException {
		try (jar) {
			Manifest manifest = jar.getManifest();
			assertThat(manifest).as("manifest of %s", jar.getName()).isNotNull();
			assertThat(manifest.getMainAttributes().getValue("Automatic-Module-Name"))
				.as("Automatic-Module-Name of %s", jar.getName())
				.isEqualTo(moduleName);
		}
	}

	private static JarFile jar(String module, String classifier) throws IOException {
		Path path = ROOT.resolve(module + "/target/" + module + "-" + VERSION + classifier + ".jar");
		assertThat(path).as("built by mvn verify").isRegularFile();
		return new JarFile(path.toFile());
	}

}
