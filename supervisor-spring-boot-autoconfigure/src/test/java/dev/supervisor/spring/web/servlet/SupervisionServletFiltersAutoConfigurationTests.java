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
		JacksonWriteBodies bodies = new JacksonWriteBodies();
		assertThat(bodies.check(bytes("{\"action\": \"restart\"}"))).isEqualTo(new SupervisionEndpointWriteFilter.Checked("restart", null));
		assertThat(bodies.check(bytes("{\"action\": \"restart\", \"action\": \"delete\"}")).problem()).contains("'action' more than once");
		assertThat(bodies.check(bytes("{\"a\": {\"b\": 1, \"b\": 2}}")).problem()).contains("'b' more than once");
	}

	@Test
	void aWriteBodyMustBeOneJsonObjectOfScalarsSaidWhereItIsNot() {
		// Rule: bad input gets a clear error naming what and where.
		JacksonWriteBodies bodies = new JacksonWriteBodies();
		assertThat(bodies.check(bytes("{\"action\":")).problem()).contains("not valid JSON", "line 1, column");
		assertThat(bodies.check(bytes("{\"action\":[\"restart\"]}")).problem()).contains("'action'", "an array");
		assertThat(bodies.check(bytes("[1]")).problem()).contains("one JSON object", "not an array");
		assertThat(bodies.check(bytes("{\"action\":\"restart\"} {}")).problem()).contains("more after");
		assertThat(bodies.check(bytes("")).problem()).as("no body: left to the endpoint").isNull();
		assertThat(SupervisionEndpointWriteFilter.utf8Problem(new byte[] { '{', (byte) 0xC3, '}' })).contains("UTF-8", "byte 1");
		assertThat(SupervisionEndpointWriteFilter.contentTypeProblem("application/x-www-form-urlencoded")).contains("reads JSON");
		assertThat(SupervisionEndpointWriteFilter.contentTypeProblem("application/vnd.spring-boot.actuator.v3+json")).isNull();
		assertThat(SupervisionEndpointWriteFilter.acceptProblem("application/xml")).contains("JSON only");
		assertThat(SupervisionEndpointWriteFilter.acceptProblem("text/html, */*;q=0.8")).isNull();
	}

	@Test
	void aBadQueryParameterIsNamedWithItsValueAndItsRangeAndARepeatedOneIsRefused() {
		// Rule: every bad query parameter gets a 400 naming the parameter, the value and the allowed range.
		assertThat(SupervisionEndpointRequestFilter.queryProblem("depth=abc", false)).contains("'depth'", "'abc'", "0 to 2147483647");
		assertThat(SupervisionEndpointRequestFilter.queryProblem("offset=1e3", false)).contains("'offset'", "'1e3'");
		assertThat(SupervisionEndpointRequestFilter.queryProblem("depth=99999999999", false)).contains("'depth'", "99999999999");
		assertThat(SupervisionEndpointRequestFilter.queryProblem("limit=1001", false)).contains("'limit'", "0 to 1000");
		assertThat(SupervisionEndpointRequestFilter.queryProblem("offset=-1", false)).contains("'offset'", "'-1'");
		assertThat(SupervisionEndpointRequestFilter.queryProblem("history=maybe", false)).contains("'history'", "true or false");
		assertThat(SupervisionEndpointRequestFilter.queryProblem("depth=0&depth=5", false)).contains("'depth'", "more than once");
		assertThat(SupervisionEndpointRequestFilter.queryProblem("after=x&after=y", true)).contains("more than once");
		assertThat(SupervisionEndpointRequestFilter.queryProblem("history=true&limit=1000&offset=0&depth=2147483647", false)).isNull();
		assertThat(SupervisionEndpointRequestFilter.queryProblem("after=abc", true)).isNull();
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
