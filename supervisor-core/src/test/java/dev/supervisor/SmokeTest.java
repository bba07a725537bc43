package dev.supervisor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {

	@Test
	void crashedServiceIsRestartedWithNewIncarnation() throws Exception {
		TestChildren children = new TestChildren();
		SupervisionTree tree = SupervisionTree.create("t",
				SupervisorSpec.oneForOne(children.service("a"), children.worker("b")),
				TreeOptions.defaults().withListener(children.listener()));
		tree.start();
		assertThat(tree.state()).isEqualTo(ChildState.RUNNING);
		children.crash("t/a");
		children.await(SupervisionEvent.Type.RESTARTED, "t/a");
		assertThat(tree.find("t/a").orElseThrow().incarnation()).isEqualTo(2);
		children.workers.get("t/b").crash(new IllegalStateException("worker boom"));
		children.await(SupervisionEvent.Type.RESTARTED, "t/b");
		System.out.println(tree.snapshot());
		tree.stop();
		assertThat(tree.state()).isEqualTo(ChildState.STOPPED);
		System.out.println(children.journal);
	}

}
