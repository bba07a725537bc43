package dev.supervisor.spring;

import java.text.MessageFormat;
import java.util.ResourceBundle;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;

/**
 * A {@link System.Logger} that writes the engine's supervisor reports through the application's
 * logging (commons-logging, as Spring does). The JDK's logging bridge is taken down when the
 * context starts closing, before the trees stop; this keeps the shutdown reports, such as a
 * child reported {@code killed}.
 */
final class CommonsLoggingReports implements System.Logger {

	private final Log log;

	private final String name;

	CommonsLoggingReports(String name) {
		this.name = name;
		this.log = LogFactory.getLog(name);
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public boolean isLoggable(Level level) {
		return switch (level) {
			case ALL, TRACE -> this.log.isTraceEnabled();
			case DEBUG -> this.log.isDebugEnabled();
			case INFO -> this.log.isInfoEnabled();
			case WARNING -> this.log.isWarnEnabled();
			case ERROR -> this.log.isErrorEnabled();
			case OFF -> false;
		};
	}

	@Override
	public void log(Level level, @Nullable ResourceBundle bundle, @Nullable String message, @Nullable Throwable error) {
		switch (level) {
			case ALL, TRACE -> this.log.trace(message, error);
			case DEBUG -> this.log.debug(message, error);
			case INFO -> this.log.info(message, error);
			case WARNING -> this.log.warn(message, error);
			case ERROR -> this.log.error(message, error);
			case OFF -> {
			}
		}
	}

	@Override
	public void log(Level level, @Nullable ResourceBundle bundle, @Nullable String format, @Nullable Object... params) {
		String message = (format != null && params != null && params.length > 0) ? MessageFormat.format(format, params)
				: format;
		log(level, bundle, message, (Throwable) null);
	}

}
