package dev.supervisor.spring.actuate.endpoint;

import java.util.List;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * Every tree of the application.
 *
 * @param trees the root nodes in declaration order
 */
public record TreesDescriptor(List<NodeDescriptor> trees) implements OperationResponseBody {
}
