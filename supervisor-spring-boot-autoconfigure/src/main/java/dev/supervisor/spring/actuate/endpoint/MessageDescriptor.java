package dev.supervisor.spring.actuate.endpoint;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * Why a request was refused, or what an action did when its node cannot be shown.
 *
 * @param path the path asked for
 * @param action the action asked for, if any
 * @param message what is wrong and what to do; text from user code in it is masked unless the
 * reader may see it ({@code show-details})
 */
public record MessageDescriptor(String path, @Nullable String action, String message) implements OperationResponseBody {
}
