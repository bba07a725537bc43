package dev.supervisor;

/**
 * One problem in a spec.
 *
 * @param path the path of the node concerned, e.g. {@code ingest/connection}
 * @param field the field concerned, e.g. {@code shutdown}
 * @param message what is wrong and what to do
 */
public record SpecProblem(String path, String field, String message) {

	@Override
	public String toString() {
		return this.path + " (" + this.field + "): " + this.message;
	}

}
