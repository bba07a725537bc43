package dev.supervisor;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Issue item 12: the whole tree is checked up front, every problem listed with its path. */
class SpecValidationTest {

	private static final ChildFactory<Service> FACTORY = (ctx) -> null;

	private static ChildSpec service(String id) {
		return ChildSpec.service(id, FACTORY);
	}

	@Test
	void everyProblemOfTheTreeIsListedWithItsPath() {
		StaticSupervisorSpec spec = new StaticSupervisorSpec(Strategy.ONE_FOR_ONE, -1, Duration.ZERO, AutoShutdown.NEVER,
				java.util.List.of(service("a"), service("a"), service("bad id"),
						service("neg").withShutdown(Shutdown.timeout(Duration.ofSeconds(-1))),
						service("sig").withSignificant(true),
						service("back").withBackoff(new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0, Duration.ZERO)),
						service("delay").withDelayOnMaxIntensity(Duration.ZERO),
						ChildSpec.supervisor("sub", SupervisorSpec.oneForOne(service("x"), service("x"))),
						ChildSpec.supervisor("dyn", SupervisorSpec.dynamic(service("tpl").withSignificant(true)).withMaxChildren(0))));
		assertThatExceptionOfType(InvalidSpecException.class).isThrownBy(() -> SupervisionTree.create("t", spec))
			.satisfies((ex) -> assertThat(ex.problems()).extracting(SpecProblem::path, SpecProblem::field).containsExactlyInAnyOrder(
					org.assertj.core.groups.Tuple.tuple("t", "intensity"),
					org.assertj.core.groups.Tuple.tuple("t", "period"),
					org.assertj.core.groups.Tuple.tuple("t/a", "id"),
					org.assertj.core.groups.Tuple.tuple("t/bad id", "id"),
					org.assertj.core.groups.Tuple.tuple("t/neg", "shutdown"),
					org.assertj.core.groups.Tuple.tuple("t/sig", "significant"),
					org.assertj.core.groups.Tuple.tuple("t/sig", "significant"),
					org.assertj.core.groups.Tuple.tuple("t/back", "backoff.max"),
					org.assertj.core.groups.Tuple.tuple("t/back", "backoff.jitter"),
					org.assertj.core.groups.Tuple.tuple("t/back", "backoff.reset-after"),
					org.assertj.core.groups.Tuple.tuple("t/delay", "delay-on-max-intensity"),
					org.assertj.core.groups.Tuple.tuple("t/sub/x", "id"),
					org.assertj.core.groups.Tuple.tuple("t/dyn", "max-children"),
					org.assertj.core.groups.Tuple.tuple("t/dyn/tpl", "significant"),
					org.assertj.core.groups.Tuple.tuple("t/dyn/tpl", "significant")))
			.withMessageContaining("t/sig (significant): only transient or temporary children can be significant")
			.withMessageContaining("auto-shutdown never");
	}

	@Test
	void aSignificantTransientChildUnderAutoShutdownIsValid() {
		StaticSupervisorSpec spec = SupervisorSpec.oneForOne(service("s").withRestart(RestartType.TRANSIENT).withSignificant(true))
			.withAutoShutdown(AutoShutdown.ANY_SIGNIFICANT);
		assertThat(SpecValidation.check("t", spec)).isEmpty();
	}

	@Test
	void aSignificantTemplateOfADynamicSupervisorUnderAutoShutdownIsValid() {
		DynamicSupervisorSpec spec = SupervisorSpec.dynamic(service("s").withRestart(RestartType.TRANSIENT)
			.withSignificant(true)).withAutoShutdown(AutoShutdown.ALL_SIGNIFICANT);
		assertThat(SpecValidation.check("t", spec)).isEmpty();
		assertThat(SpecValidation.check("t", spec.withAutoShutdown(AutoShutdown.NEVER)))
			.extracting(SpecProblem::path, SpecProblem::field)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("t/s", "significant"));
	}

	@Test
	void aBackoffLongerThanPeriodOverIntensityIsWarnedAbout() {
		StaticSupervisorSpec spec = SupervisorSpec.oneForOne(service("slow")
			.withBackoff(Backoff.exponential(Duration.ofSeconds(3), Duration.ofSeconds(30))));
		assertThat(SpecValidation.warnings("t", spec)).singleElement().asString()
			.contains("'t/slow'")
			.contains("restarted forever");
		assertThat(SpecValidation.warnings("t", SupervisorSpec.oneForOne(service("fine")))).isEmpty();
	}

}
