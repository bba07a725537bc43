package dev.supervisor.spring.web.servlet;

import dev.supervisor.spring.autoconfigure.web.servlet.SupervisionFormContentAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.servlet.filter.OrderedFormContentFilter;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.FormContentFilter;

import static org.assertj.core.api.Assertions.assertThat;

/** The form content filter that refuses an undecodable body: one test per condition. */
class SupervisionServletFiltersAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(SupervisionFormContentAutoConfiguration.class, WebMvcAutoConfiguration.class));

	@Test
	void takesThePlaceOfSpringMvcsFormContentFilter() {
		this.runner.run((context) -> assertThat(context).getBean(FormContentFilter.class)
			.isInstanceOf(RefusingFormContentFilter.class));
	}

	@Test
	void backsOffWhenTheFormContentFilterIsDisabled() {
		this.runner.withPropertyValues("spring.mvc.formcontent.filter.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FormContentFilter.class));
	}

	@Test
	void backsOffForAFormContentFilterOfTheApplicationsOwn() {
		this.runner.withUserConfiguration(OwnFilter.class)
			.run((context) -> assertThat(context).getBean(FormContentFilter.class)
				.isNotInstanceOf(RefusingFormContentFilter.class));
	}

	@Test
	void backsOffWithoutSpringBootsServletFilters() {
		this.runner.withClassLoader(new FilteredClassLoader(OrderedFormContentFilter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RefusingFormContentFilter.class));
	}

	@Test
	void backsOffOutsideAServletWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SupervisionFormContentAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(FormContentFilter.class));
	}

	@Test
	void aPathBelowTheEndpointIsTakenInOneSpellingOnly() {
		assertThat(SupervisionEndpointRequestFilter.pathProblem("")).isNull();
		assertThat(SupervisionEndpointRequestFilter.pathProblem("/ingest/producers/p-0")).isNull();
		assertThat(SupervisionEndpointRequestFilter.pathProblem("/ingest/producers/p-0;x=1")).contains("';'");
		assertThat(SupervisionEndpointRequestFilter.pathProblem("/ingest/producers/p-0%3bx=1")).contains("%3b");
		assertThat(SupervisionEndpointRequestFilter.pathProblem("/ingest/producers/p-0/")).contains("ends with");
		assertThat(SupervisionEndpointRequestFilter.pathProblem("/")).contains("ends with");
		assertThat(SupervisionEndpointRequestFilter.pathProblem("/_console/")).as("the console's page").isNull();
		assertThat(SupervisionEndpointRequestFilter.pathProblem("/_console//")).isNotNull();
		assertThat(SupervisionEndpointRequestFilter.pathProblem("/ingest//producers/p-0")).contains("empty segment");
		assertThat(SupervisionEndpointRequestFilter.pathProblem("/ingest/./producers")).contains("dot segment");
		assertThat(SupervisionEndpointRequestFilter.pathProblem("/ingest/..")).contains("dot segment");
		assertThat(SupervisionEndpointRequestFilter.pathProblem("/ingest%2Fproducers")).contains("%2f");
		assertThat(SupervisionEndpointRequestFilter.pathProblem("/ingest\\producers")).contains("backslash");
		assertThat(SupervisionEndpointRequestFilter.pathProblem("/ingest%25")).contains("%25");
	}

	@Test
	void jacksonFindsAFieldNamedTwiceInAnyObject() {
		JacksonDuplicateFields duplicates = new JacksonDuplicateFields();
		assertThat(duplicates.find(bytes("{\"action\": \"restart\"}"))).isNull();
		assertThat(duplicates.find(bytes("{\"action\": \"restart\", \"action\": \"delete\"}"))).isEqualTo("action");
		assertThat(duplicates.find(bytes("{\"a\": {\"b\": 1, \"b\": 2}}"))).isEqualTo("b");
		assertThat(duplicates.find(bytes("{\"a\": {\"b\": 1}, \"b\": 2}"))).isNull();
		assertThat(duplicates.find(bytes("not json"))).as("left to the endpoint").isNull();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnFilter {

		@Bean
		FormContentFilter ownFormContentFilter() {
			return new FormContentFilter();
		}

	}

}
