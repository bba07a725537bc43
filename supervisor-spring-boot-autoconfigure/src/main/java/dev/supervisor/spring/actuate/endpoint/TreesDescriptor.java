package dev.supervisor.spring.actuate.endpoint;

import java.util.List;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * Every tree of the application.
 *
 * @param trees the root nodes in declaration order
 * @param truncated whether nodes were left out because the response's depth or node budget
 * ended (the nodes that lost children say {@code "truncated": true})
 */
public record TreesDescriptor(List<NodeDescriptor> trees, boolean truncated) implements OperationResponseBody {
}
