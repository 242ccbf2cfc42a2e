package io.github.quotabroker.forecast;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.quotabroker.pool.Unit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkflowRunsTest {

	private static final Instant RESET = Instant.parse("2026-11-30T08:00:00Z");

	@Test
	void meanAndP90OfTheRunsAndHowManyMoreFitInWhatIsAvailable() {
		// Ten runs: 10, 20, ..., 100; mean 55, P90 the 9th smallest (90).
		List<Long> runs = List.of(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 100L);
		WorkflowRuns w = WorkflowRuns.of(runs, 500, RESET, Duration.ofDays(7), Unit.MESSAGES);
		assertThat(w.runs()).isEqualTo(10);
		assertThat(w.mean()).isEqualByComparingTo("55");
		assertThat(w.p90()).isEqualByComparingTo("90");
		// 500 / 55 = 9.09: nine more of the mean size; 500 / 90 = 5.6: five of the P90
		// size.
		assertThat(w.moreAtMean()).isEqualTo(9);
		assertThat(w.moreAtP90()).isEqualTo(5);
		assertThat(w.basis()).contains("until the reset at 2026-11-30T08:00:00Z");
	}

	@Test
	void nothingAvailableFitsNoMoreAndARollingWindowSaysSo() {
		WorkflowRuns w = WorkflowRuns.of(List.of(5L, 7L), -3, null, Duration.ofDays(7), Unit.MESSAGES);
		assertThat(w.moreAtMean()).isZero();
		assertThat(w.moreAtP90()).isZero();
		assertThat(w.basis()).contains("rolling window");
	}

	@Test
	void withoutRunsThereIsNothingToSay() {
		WorkflowRuns w = WorkflowRuns.of(List.of(), 100, RESET, Duration.ofDays(7), Unit.MESSAGES);
		assertThat(w.runs()).isZero();
		assertThat(w.mean()).isNull();
		assertThat(w.moreAtP90()).isNull();
		assertThat(w.basis()).contains("no workflow runs");
	}

	@Test
	void runsThatUsedNothingLeaveTheCountOpen() {
		WorkflowRuns w = WorkflowRuns.of(List.of(0L, 0L), 100, RESET, Duration.ofDays(7), Unit.MESSAGES);
		assertThat(w.mean()).isEqualByComparingTo(BigDecimal.ZERO);
		assertThat(w.moreAtMean()).isNull();
		assertThat(w.moreAtP90()).isNull();
	}

}
