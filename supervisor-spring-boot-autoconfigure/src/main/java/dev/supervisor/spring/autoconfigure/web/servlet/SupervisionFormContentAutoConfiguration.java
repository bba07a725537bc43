package dev.supervisor.spring.autoconfigure.web.servlet;

import dev.supervisor.spring.web.servlet.RefusingFormContentFilter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.servlet.filter.OrderedFormContentFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.FormContentFilter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the {@link RefusingFormContentFilter} in place of Spring MVC's form content filter, so that an
 * undecodable form body is a {@code 400}, not a {@code 500}, on every path (the supervision
 * endpoint's included). It backs off like Boot's filter: {@code spring.mvc.formcontent.filter.enabled=false},
 * or a {@link FormContentFilter} bean of the application's own.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ FormContentFilter.class, OrderedFormContentFilter.class })
public final class SupervisionFormContentAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(FormContentFilter.class)
	@ConditionalOnBooleanProperty(name = "spring.mvc.formcontent.filter.enabled", matchIfMissing = true)
	RefusingFormContentFilter formContentFilter() {
		return new RefusingFormContentFilter();
	}

}
