package dev.supervisor.spring.autoconfigure;

import dev.supervisor.Shutdown;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;

/**
 * Binds a child's {@code shutdown}: a duration such as {@code 500ms}, {@code 10s} or
 * {@code PT10S}, {@code infinity} or {@code brutal-kill} (OTP's {@code shutdown} values).
 * Registered as a {@link ConfigurationPropertiesBinding @ConfigurationPropertiesBinding}
 * bean.
 */
final class StringToShutdownConverter implements Converter<String, Shutdown> {

	@Override
	public Shutdown convert(String source) {
		try {
			return Shutdown.parse(source);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("'" + source + "' is not a shutdown: use a duration such as 500ms or "
					+ "10s, 'infinity' or 'brutal-kill'", ex);
		}
	}

}
