package dev.supervisor.spring.actuate.endpoint;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * Why a request was refused.
 *
 * @param path the path asked for
 * @param action the action asked for, if any
 * @param message what is wrong and what to do
 */
public record MessageDescriptor(String path, @Nullable String action, String message) implements OperationResponseBody {
}
