package dev.supervisor.spring.autoconfigure;

import org.springframework.beans.factory.DisposableBean;

/** A singleton the test children use; records when it is destroyed. */
public class Resource implements DisposableBean {

	private final Journal journal;

	public Resource(Journal journal) {
		this.journal = journal;
	}

	@Override
	public void destroy() {
		this.journal.add("destroy resource");
	}

}
