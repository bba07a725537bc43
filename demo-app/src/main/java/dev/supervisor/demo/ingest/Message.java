package dev.supervisor.demo.ingest;

/**
 * A message accepted by {@code POST /messages}.
 *
 * @param id its unique id, returned to the caller with the 202
 * @param payload what the caller sent
 */
public record Message(String id, String payload) {

}
