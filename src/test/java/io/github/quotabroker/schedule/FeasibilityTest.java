package io.github.quotabroker.schedule;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;

import io.github.quotabroker.capacity.PoolLoad;
import io.github.quotabroker.support.PoolLoadBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sprint feasibility on hand-made pools: capacity returning within the sprint, the fair
 * share, the guarantee, the baseline placed first, reservations already made, and the day
 * the even pace runs out in the team's zone.
 */
class FeasibilityTest {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

	static long[] hours(int n, long each) {
		long[] a = new long[n];
		Arrays.fill(a, each);
		return a;
	}

	static PoolLoadBuilder rolling() {
		// 100 per 5 hours, no buffer.
		return PoolLoadBuilder.rolling(100, Duration.ofHours(5)).now(NOW).safetyBufferPercent(0);
	}

	@Test
	void capacityReturnsOneWindowAfterItWasSpent() {
		PoolLoad load = rolling().allocation("a", 1).build();
		// 10 hours: 100 in the first hour, back in the sixth, spent again.
		Feasibility.Result r = Feasibility.assess(load, "a", NOW, hours(10, 0), 150, ZoneOffset.UTC);
		assertThat(r.available()).isEqualTo(200);
		assertThat(r.feasible()).isTrue();
		assertThat(r.shortfall()).isZero();
		assertThat(r.runsOutAt()).isNull();
	}

	@Test
	void anEvenPaceThatOutrunsTheWindowRunsOutOnTheDayItFallsShort() {
		PoolLoad load = rolling().allocation("a", 1).build();
		// 25 an hour: four hours fill the window, the fifth finds nothing, and what comes
		// back later never catches up.
		Feasibility.Result r = Feasibility.assess(load, "a", NOW, hours(10, 0), 250, TOKYO);
		assertThat(r.feasible()).isFalse();
		assertThat(r.shortfall()).isEqualTo(50);
		assertThat(r.runsOutAt()).isEqualTo(NOW.plus(Duration.ofHours(4)));
		// 16:00 UTC is 01:00 the next day in Tokyo.
		assertThat(r.runsOutOn()).isEqualTo(LocalDate.of(2026, 11, 26));
	}

	@Test
	void aTeamGetsItsFairShareNotThePool() {
		PoolLoad load = rolling().allocation("a", 1, 0, 0, false).allocation("b", 1, 0, 0, false).build();
		Feasibility.Result r = Feasibility.assess(load, "a", NOW, hours(5, 0), 60, ZoneOffset.UTC);
		assertThat(r.available()).isEqualTo(50);
		assertThat(r.feasible()).isFalse();
	}

	@Test
	void theGuaranteeHoldsWhenOthersHaveFilledThePool() {
		PoolLoad load = rolling().allocation("a", 1, 30, null, false)
			.allocation("b", 1, 0, null, false)
			.used("b", 100, NOW.minus(Duration.ofMinutes(10)))
			.build();
		// The pool is full until b's usage rolls off (4 h 50 min from now); a may still
		// use its guarantee of 30 at once, and the pool when b's usage has gone.
		Feasibility.Result r = Feasibility.assess(load, "a", NOW, hours(4, 0), 0, ZoneOffset.UTC);
		assertThat(r.available()).isEqualTo(30);
	}

	@Test
	void theBaselineIsPlacedBeforeTheSprintTakesAnything() {
		PoolLoad load = rolling().allocation("a", 1).build();
		// 20 an hour expected anyway over 5 hours is the whole window.
		Feasibility.Result r = Feasibility.assess(load, "a", NOW, hours(5, 20), 10, ZoneOffset.UTC);
		assertThat(r.baseline()).isEqualTo(100);
		assertThat(r.available()).isZero();
		assertThat(r.feasible()).isFalse();
		assertThat(r.runsOutAt()).isEqualTo(NOW);
	}

	@Test
	void recordedUsageRollsOffAndReservationsOccupy() {
		PoolLoad load = rolling().allocation("a", 1)
			.used("a", 60, NOW.minus(Duration.ofHours(4)))
			.hold("x", 30, NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(2)), false)
			.build();
		// Hour 0 has 40 free, but what it spends still counts at 13:00, when the 60 has
		// not
		// rolled off yet (13:01) and the window hold of 30 has begun: it may spend 10.
		// Hour 1 (tightest at 13:00) has nothing; hour 2 has 100 - 30 - 10 = 60.
		Feasibility.Result r = Feasibility.assess(load, "a", NOW, hours(3, 0), 0, ZoneOffset.UTC);
		assertThat(r.available()).isEqualTo(10 + 60);
	}

	@Test
	void aCalendarPoolResetsWithinTheSprint() {
		PoolLoad load = PoolLoadBuilder.daily(100, LocalTime.MIDNIGHT, ZoneOffset.UTC)
			.now(NOW)
			.safetyBufferPercent(0)
			.allocation("a", 1)
			.used("a", 80, NOW.minus(Duration.ofHours(2)))
			.build();
		// 20 left today, 100 tomorrow, 100 the day after (48 hours from noon).
		Feasibility.Result r = Feasibility.assess(load, "a", NOW, hours(48, 0), 0, ZoneOffset.UTC);
		assertThat(r.available()).isEqualTo(220);
	}

	@Test
	void pointsNeedTheirCostTimesTheUncertaintyRoundedUp() {
		assertThat(Feasibility.needed(new BigDecimal("13"), 1000, new BigDecimal("1.3"))).isEqualTo(16900);
		assertThat(Feasibility.needed(new BigDecimal("1"), 1, new BigDecimal("1.3"))).isEqualTo(2);
		assertThat(Feasibility.pointsFit(16899, 1000, new BigDecimal("1.3"))).isEqualTo(12);
		assertThat(Feasibility.pointsFit(16900, 1000, new BigDecimal("1.3"))).isEqualTo(13);
		assertThat(Feasibility.pointsFit(5, 0, new BigDecimal("1.3"))).isNull();
	}

}
