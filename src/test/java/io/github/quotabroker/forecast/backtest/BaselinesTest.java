package io.github.quotabroker.forecast.backtest;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The backtest's baselines and their shared window arithmetic, on fixed series. */
class BaselinesTest {

	private static final Instant NOW = Instant.parse("2026-10-07T12:00:00Z");

	private static final Instant MONDAY = Instant.parse("2026-10-05T00:00:00Z");

	private static final Instant NEXT_MONDAY = Instant.parse("2026-10-12T00:00:00Z");

	private static WindowView weekly(double[] history, double used, double... pastTotals) {
		return new WindowView(history, NOW, MONDAY, NEXT_MONDAY, null, used, MONDAY.plusSeconds(1800), pastTotals);
	}

	private static WindowView session(double[] history, double used, Instant firstUsage, double... pastTotals) {
		return new WindowView(history, NOW, NOW.minus(Duration.ofHours(5)), null, Duration.ofHours(5), used, firstUsage,
				pastTotals);
	}

	@Test
	void linearSoFarDividesTheWindowsUsageByTheTimeSinceItBegan() {
		// 60 hours since Monday 00:00, 300 used: 5 per hour.
		assertThat(new Baseline.LinearSoFar().perHour(weekly(new double[60], 300))).isCloseTo(5, within(1e-9));
	}

	@Test
	void linearSoFarInARollingWindowCountsFromTheFirstUsageStillInIt() {
		// First use 2.5 hours ago, 50 used: 20 per hour.
		WindowView view = session(new double[10], 50, NOW.minus(Duration.ofMinutes(150)));
		assertThat(new Baseline.LinearSoFar().perHour(view)).isCloseTo(20, within(1e-9));
		// A use 10 minutes ago alone counts as an hour, not as a burst of 6x.
		WindowView recent = session(new double[10], 12, NOW.minus(Duration.ofMinutes(10)));
		assertThat(new Baseline.LinearSoFar().perHour(recent)).isCloseTo(12, within(1e-9));
		assertThat(new Baseline.LinearSoFar().perHour(session(new double[10], 0, null))).isZero();
	}

	@Test
	void dailyEwmaSmoothsCompleteDaysCountedBackFromNowWithAlphaPointThree() {
		// 5 leading hours (an incomplete day, ignored), then days totalling 24, 48, 96:
		// 24 -> 31.2 -> 50.64 per day.
		double[] history = new double[5 + 72];
		for (int h = 0; h < 5; h++) {
			history[h] = 1000;
		}
		for (int h = 0; h < 24; h++) {
			history[5 + h] = 1;
			history[29 + h] = 2;
			history[53 + h] = 4;
		}
		assertThat(new Baseline.DailyEwma().perHour(weekly(history, 0))).isCloseTo(50.64 / 24, within(1e-9));
	}

	@Test
	void pastWindowsP90SpreadsWhatIsLeftOfTheNinetiethPercentileUntilTheReset() {
		// Ten past weeks 100..1000: the nearest-rank P90 is 900; 300 used, 108 hours
		// left.
		double[] totals = { 1000, 100, 200, 300, 400, 500, 600, 700, 800, 900 };
		WindowView view = weekly(new double[60], 300, totals);
		assertThat(new Baseline.PastWindowsP90().perHour(view)).isCloseTo(600 / 108.0, within(1e-9));
		// Already above it: nothing more is expected.
		assertThat(new Baseline.PastWindowsP90().perHour(weekly(new double[60], 950, totals))).isZero();
	}

	@Test
	void pastWindowsP90InARollingWindowIsTheSessionTotalPerWindowLength() {
		WindowView view = session(new double[10], 0, null, 50, 100);
		assertThat(new Baseline.PastWindowsP90().perHour(view)).isCloseTo(20, within(1e-9));
	}

	@Test
	void pastWindowsP90WithoutAPastWindowFallsBackToLinearSoFar() {
		assertThat(new Baseline.PastWindowsP90().perHour(weekly(new double[60], 300))).isCloseTo(5, within(1e-9));
	}

	@Test
	void aCalendarWindowRunsOutWhenTheRateHasTakenWhatIsLeft() {
		WindowView view = weekly(new double[60], 300);
		assertThat(BaselineRunway.exhaustion(view, 400, 10, NEXT_MONDAY)).isEqualTo(NOW.plus(Duration.ofHours(10)));
		assertThat(BaselineRunway.exhaustion(view, 5000, 10, NEXT_MONDAY)).isNull();
		assertThat(BaselineRunway.exhaustion(view, 300, 10, NEXT_MONDAY)).isEqualTo(NOW);
		assertThat(BaselineRunway.totalAtReset(view, 10)).isCloseTo(300 + 10 * 108, within(1e-9));
	}

	@Test
	void aRollingWindowGetsRecordedUsageBackOneWindowAfterItWasRecorded() {
		// 90 recorded 4.5 hours ago (rolls off 30 minutes from now), limit 100, 12 per
		// hour: 10 left lasts 50 minutes, but the roll-off comes first, and then the
		// window holds at most 60 (12 x 5 h): it never runs out.
		double[] history = new double[10];
		history[5] = 90;
		WindowView view = session(history, 90, NOW.minus(Duration.ofMinutes(270)));
		assertThat(BaselineRunway.exhaustion(view, 100, 12, NOW.plus(Duration.ofHours(24)))).isNull();
		// At 30 per hour the window fills to 100: 10 left and 0.5 per minute means
		// 20 minutes.
		assertThat(BaselineRunway.exhaustion(view, 100, 30, NOW.plus(Duration.ofHours(24))))
			.isEqualTo(NOW.plus(Duration.ofMinutes(20)));
		// At 24 per hour, 0.4 per minute: the 10 left are gone after 25 minutes, before
		// the roll-off at 30 minutes.
		assertThat(BaselineRunway.exhaustion(view, 100, 24, NOW.plus(Duration.ofHours(24))))
			.isEqualTo(NOW.plus(Duration.ofMinutes(25)));
	}

}
