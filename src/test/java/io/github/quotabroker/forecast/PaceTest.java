package io.github.quotabroker.forecast;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PaceTest {

	private static final Instant START = Instant.parse("2026-11-23T00:00:00Z");

	private static final Instant RESET = Instant.parse("2026-11-30T00:00:00Z");

	@Test
	void usageSpreadEvenlyOverACalendarWindowIsOnPace() {
		// Half the week gone, half the budget used.
		Pace pace = Pace.of(350, 700, START, RESET, Instant.parse("2026-11-26T12:00:00Z"), 1.2, 1.5);
		assertThat(pace.value()).isEqualTo(1.0);
		assertThat(pace.status()).isEqualTo(Pace.Status.ON_PACE);
	}

	@Test
	void twentyAndFiftyPercentAheadWarnAndAreCritical() {
		Instant mid = Instant.parse("2026-11-26T12:00:00Z");
		assertThat(Pace.of(420, 700, START, RESET, mid, 1.2, 1.5).status()).isEqualTo(Pace.Status.WARNING);
		assertThat(Pace.of(419, 700, START, RESET, mid, 1.2, 1.5).status()).isEqualTo(Pace.Status.ON_PACE);
		assertThat(Pace.of(525, 700, START, RESET, mid, 1.2, 1.5).status()).isEqualTo(Pace.Status.CRITICAL);
		assertThat(Pace.of(525, 700, START, RESET, mid, 1.1, 2.0).status()).isEqualTo(Pace.Status.WARNING);
	}

	@Test
	void aRollingWindowsPaceIsTheShareOfTheBudgetInUse() {
		Pace pace = Pace.of(50, 100, START, null, Instant.parse("2026-11-26T12:00:00Z"), 1.2, 1.5);
		assertThat(pace.value()).isEqualTo(0.5);
		assertThat(pace.basis()).contains("rolling");
	}

	@Test
	void atTheFirstInstantOfAWindowNothingIsDueYet() {
		Pace pace = Pace.of(0, 700, START, RESET, START, 1.2, 1.5);
		assertThat(pace.value()).isNull();
		assertThat(pace.status()).isEqualTo(Pace.Status.ON_PACE);
	}

}
