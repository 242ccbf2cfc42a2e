package io.github.quotabroker.forecast;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HourlyForecasterTest {

	/** Working hours busy, nights and weekends quiet, with Gaussian noise. */
	private static double[] rhythm(int hours, long seed, double noise) {
		Random random = new Random(seed);
		double[] y = new double[hours];
		for (int t = 0; t < hours; t++) {
			int hour = t % 24;
			int day = (t / 24) % 7;
			double base = ((hour >= 8 && hour < 19) ? 40 : 6) * ((day < 5) ? 1 : 0.3) + 5;
			y[t] = Math.max(0, base + noise * random.nextGaussian());
		}
		return y;
	}

	@Test
	void threeWeeksOfTeamHistoryUseHoltWintersAndFollowTheWeeklyRhythm() {
		double[] all = rhythm(7 * 168, 42, 3);
		double[] history = Arrays.copyOf(all, 6 * 168);

		HourlyProjection p = HourlyForecaster.project(history, history, 168);

		assertThat(p.model()).isEqualTo(ForecastModel.HOLT_WINTERS);
		assertThat(p.calibrated()).isTrue();
		double absoluteError = 0;
		for (int h = 0; h < 168; h++) {
			absoluteError += Math.abs(p.mean()[h] - all[6 * 168 + h]);
		}
		// Noise alone is about 2.4 on average; a forecast ignoring the rhythm would be
		// ~15 off.
		assertThat(absoluteError / 168).isLessThan(4);
	}

	@Test
	void calibratedIntervalsCoverRoughlyTheirNominalShareOfTheNextWeek() {
		int covered80 = 0;
		int covered95 = 0;
		int points = 0;
		for (long seed = 1; seed <= 10; seed++) {
			double[] all = rhythm(7 * 168, seed, 4);
			double[] history = Arrays.copyOf(all, 6 * 168);
			HourlyProjection p = HourlyForecaster.project(history, history, 168);
			for (int h = 0; h < 168; h++) {
				double actual = all[6 * 168 + h];
				covered80 += (actual >= p.lower80()[h] && actual <= p.upper80()[h]) ? 1 : 0;
				covered95 += (actual >= p.lower95()[h] && actual <= p.upper95()[h]) ? 1 : 0;
				points++;
			}
		}
		assertThat(covered80 / (double) points).isBetween(0.72, 0.88);
		assertThat(covered95 / (double) points).isBetween(0.90, 0.99);
	}

	@Test
	void aTeamWithOneWeekUsesThePoolsPatternScaledByItsShare() {
		double[] pool = rhythm(4 * 168, 5, 2);
		double[] team = new double[pool.length];
		for (int t = 3 * 168; t < pool.length; t++) {
			team[t] = pool[t] / 4;
		}

		HourlyProjection p = HourlyForecaster.project(team, pool, 48);
		HourlyProjection whole = HourlyForecaster.project(pool, pool, 48);

		assertThat(p.model()).isEqualTo(ForecastModel.POOL_PATTERN);
		assertThat(p.reason()).contains("0.250");
		for (int h = 0; h < 48; h++) {
			assertThat(p.mean()[h]).isCloseTo(whole.mean()[h] / 4, within(1e-9));
			assertThat(p.upper95()[h]).isCloseTo(whole.upper95()[h] / 4, within(1e-9));
		}
	}

	@Test
	void withoutThreeWeeksAnywhereDailyTotalsAreSmoothedWithAlphaPointThree() {
		double[] team = new double[72];
		// Daily totals 24, 48, 96: EWMA 24 -> 31.2 -> 50.64, i.e. 2.11 per hour.
		for (int h = 0; h < 24; h++) {
			team[h] = 1;
			team[24 + h] = 2;
			team[48 + h] = 4;
		}

		HourlyProjection p = HourlyForecaster.project(team, team, 10);

		assertThat(p.model()).isEqualTo(ForecastModel.EWMA_DAILY);
		assertThat(Arrays.stream(p.mean()).boxed())
			.allSatisfy((m) -> assertThat(m).isCloseTo(50.64 / 24, within(1e-9)));
		assertThat(p.calibrated()).isFalse();
	}

	@Test
	void lessThanADayOfUsageProjectsNothingAndSaysSo() {
		double[] team = new double[500];
		team[490] = 7;

		HourlyProjection p = HourlyForecaster.project(team, new double[500], 24);

		assertThat(p.model()).isEqualTo(ForecastModel.NO_HISTORY);
		assertThat(p.reason()).contains("less than a day");
		assertThat(p.mean()).containsOnly(0.0);
	}

	@Test
	void projectionsAndIntervalsAreNeverNegative() {
		double[] falling = new double[4 * 168];
		for (int t = 0; t < falling.length; t++) {
			falling[t] = Math.max(0.5, 100 - t * 0.2);
		}

		HourlyProjection p = HourlyForecaster.project(falling, falling, 400);

		assertThat(Arrays.stream(p.mean()).boxed()).allSatisfy((m) -> assertThat(m).isGreaterThanOrEqualTo(0));
		assertThat(Arrays.stream(p.lower95()).boxed()).allSatisfy((m) -> assertThat(m).isGreaterThanOrEqualTo(0));
		for (int h = 0; h < 400; h++) {
			assertThat(p.lower95()[h]).isLessThanOrEqualTo(p.lower80()[h]);
			assertThat(p.upper80()[h]).isLessThanOrEqualTo(p.upper95()[h]);
		}
	}

	@Test
	void theDailyFallbackSpreadsItsLevelByTheTeamsHourOfDayShape() {
		// Ten days, busy 09-17 only: 90 a day; the projection keeps nights at zero.
		double[] team = new double[240];
		for (int t = 0; t < team.length; t++) {
			team[t] = (t % 24 >= 9 && t % 24 < 18) ? 10 : 0;
		}

		HourlyProjection p = HourlyForecaster.project(team, team, 48);

		assertThat(p.model()).isEqualTo(ForecastModel.EWMA_DAILY);
		assertThat(p.reason()).contains("hour-of-day shape");
		for (int h = 0; h < 48; h++) {
			assertThat(p.mean()[h]).isCloseTo((h % 24 >= 9 && h % 24 < 18) ? 10 : 0, within(1e-9));
		}
		// Nine held-out days with no error: calibrated, and the widths are zero.
		assertThat(p.calibrated()).isTrue();
		assertThat(p.upper95()).containsExactly(p.mean());
	}

	@Test
	void summedPathsCoverTheNextDaysTotalAboutEightyPercentOfTheTime() {
		int covered = 0;
		int runs = 0;
		double pathWidth = 0;
		double bandWidth = 0;
		for (long seed = 1; seed <= 30; seed++) {
			double[] all = rhythm(7 * 168, seed, 4);
			double[] history = Arrays.copyOf(all, 6 * 168);
			HourlyProjection p = HourlyForecaster.project(history, history, 72);
			double actual = Arrays.stream(all, 6 * 168, 6 * 168 + 72).sum();
			double lower = Arrays.stream(p.lowerPath80()).sum();
			double upper = Arrays.stream(p.upperPath80()).sum();
			covered += (actual >= lower && actual <= upper) ? 1 : 0;
			runs++;
			pathWidth += upper - lower;
			bandWidth += Arrays.stream(p.upper80()).sum() - Arrays.stream(p.lower80()).sum();
		}
		assertThat(covered / (double) runs).isBetween(0.6, 0.97);
		// Hourly errors partly cancel in a sum: summed hourly bands are far wider.
		assertThat(pathWidth).isLessThan(bandWidth / 2);
	}

	/**
	 * Busy working hours at {@code peak}, quiet nights at a twentieth of it, weekends at
	 * a fifth; multiplicative log-normal noise (sigma 0.3).
	 */
	private static double[] multiplicative(int hours, long seed, double peak) {
		Random random = new Random(seed);
		double[] y = new double[hours];
		for (int t = 0; t < hours; t++) {
			y[t] = rate(t, peak) * Math.exp(0.3 * random.nextGaussian() - 0.045);
		}
		return y;
	}

	private static double rate(int t, double peak) {
		int hour = t % 24;
		int day = (t / 24) % 7;
		return peak * ((hour >= 9 && hour < 18) ? 1 : 0.05) * ((day < 5) ? 1 : 0.2);
	}

	@Test
	void widthsInUnitsOfTheProjectedAmountMakeQuietHoursNarrowAndBusyHoursWide() {
		double[] history = multiplicative(6 * 168, 3, 40);
		HourlyProjection p = HourlyForecaster.project(history, history, 168);
		HourlyProjection absolute = HourlyForecaster.project(history, history, 168,
				HourlyForecaster.Options.DEFAULT.without(HourlyForecaster.Refinement.BINNED_WIDTHS));

		// Hour 12 of the first projected day is busy, hour 2 quiet.
		double busy = p.upper80()[12] - p.lower80()[12];
		double quiet = p.upper80()[2] - p.lower80()[2];
		assertThat(busy).isGreaterThan(5 * quiet);
		double absoluteBusy = absolute.upper80()[12] - absolute.lower80()[12];
		double absoluteQuiet = absolute.upper80()[2] - absolute.lower80()[2];
		assertThat(absoluteBusy).isLessThan(2 * absoluteQuiet);
	}

	@Test
	void binnedWidthsCoverBusyHoursAsOftenAsQuietOnes() {
		int[] covered = new int[2];
		int[] points = new int[2];
		for (long seed = 1; seed <= 10; seed++) {
			double[] all = multiplicative(7 * 168, seed, 40);
			double[] history = Arrays.copyOf(all, 6 * 168);
			HourlyProjection p = HourlyForecaster.project(history, history, 168);
			for (int h = 0; h < 168; h++) {
				double actual = all[6 * 168 + h];
				int busy = (rate(6 * 168 + h, 40) >= 8) ? 1 : 0;
				covered[busy] += (actual >= p.lower80()[h] && actual <= p.upper80()[h]) ? 1 : 0;
				points[busy]++;
			}
		}
		assertThat(covered[1] / (double) points[1]).isBetween(0.70, 0.92);
		assertThat(covered[0] / (double) points[0]).isBetween(0.70, 0.92);
	}

	@Test
	void aSpikeIsNotCopiedIntoNextWeeksSeasonWhenErrorsAreClipped() {
		double[] history = multiplicative(6 * 168, 11, 40);
		double[] spiked = history.clone();
		// Five busy hours of the last week at eight times the usual rate.
		int spike = 5 * 168 + 24 * 2 + 10;
		for (int t = spike; t < spike + 5; t++) {
			spiked[t] = 8 * history[t];
		}
		HourlyForecaster.Options unclipped = HourlyForecaster.Options.DEFAULT
			.without(HourlyForecaster.Refinement.ROBUST);

		double moved = sameHoursNextWeek(spiked, unclipped) / sameHoursNextWeek(history, unclipped);
		double movedRobust = sameHoursNextWeek(spiked, HourlyForecaster.Options.DEFAULT)
				/ sameHoursNextWeek(history, HourlyForecaster.Options.DEFAULT);

		assertThat(moved).as("without clipping").isGreaterThan(1.15);
		// Clipped at a few mean errors, the spike still moves the season, by far less.
		assertThat(movedRobust - 1).as("with clipping").isLessThan((moved - 1) / 3);
	}

	/** Projected usage in the hours a week after the spike's. */
	private static double sameHoursNextWeek(double[] history, HourlyForecaster.Options options) {
		HourlyProjection p = HourlyForecaster.project(history, history, 168, options);
		int from = 5 * 168 + 24 * 2 + 10 + 168 - history.length;
		return Arrays.stream(p.mean(), from, from + 5).sum();
	}

	@Test
	void aTeamThatWakesUpIsProjectedAtItsNewLevelWithItsOldShape() {
		// Four weeks at a peak of 1.5 per hour, then three days at 45.
		double[] quiet = multiplicative(4 * 168, 5, 1.5);
		double[] busy = multiplicative(4 * 168 + 3 * 24, 6, 45);
		double[] history = Arrays.copyOf(quiet, 4 * 168 + 3 * 24);
		System.arraycopy(busy, 4 * 168, history, 4 * 168, 3 * 24);
		double expected = 0;
		for (int h = 0; h < 168; h++) {
			expected += rate(history.length + h, 45);
		}

		HourlyProjection p = HourlyForecaster.project(history, history, 168);
		HourlyProjection without = HourlyForecaster.project(history, history, 168,
				HourlyForecaster.Options.DEFAULT.without(HourlyForecaster.Refinement.LEVEL_STEPS));

		assertThat(p.reason()).contains("level step");
		assertThat(Arrays.stream(p.mean()).sum() / expected).isBetween(0.8, 1.25);
		// The busy hours of the next day are busy, its night quiet.
		int busyHour = 24 - history.length % 24 + 12;
		int nightHour = 24 - history.length % 24 + 2;
		assertThat(p.mean()[busyHour]).isGreaterThan(10 * p.mean()[nightHour]);
		// Additive Holt-Winters moves its level but keeps the quiet weeks' small season:
		// its working day is hardly busier than its night.
		assertThat(without.mean()[busyHour]).isLessThan(3 * without.mean()[nightHour]);
	}

	@Test
	void afterAWeekAtTheNewLevelTheNewWorkingHoursArePartOfTheProjection() {
		// Four weeks busy 09-18 at 40, then ten days busy 13-22 at 80.
		Random random = new Random(12);
		double[] history = new double[4 * 168 + 10 * 24];
		for (int t = 0; t < history.length; t++) {
			int hour = t % 24;
			boolean busy = (t < 4 * 168) ? hour >= 9 && hour < 18 : hour >= 13 && hour < 22;
			double peak = (t < 4 * 168) ? 40 : 80;
			double weekday = ((t / 24) % 7 < 5) ? 1 : 0.2;
			history[t] = peak * (busy ? 1 : 0.05) * weekday * Math.exp(0.3 * random.nextGaussian() - 0.045);
		}

		HourlyProjection p = HourlyForecaster.project(history, history, 48);
		HourlyProjection oldShape = HourlyForecaster.project(history, history, 48,
				HourlyForecaster.Options.DEFAULT.without(HourlyForecaster.Refinement.STEP_SHAPE));

		// Hour 20 of the next day (a weekday) is busy only in the new hours.
		assertThat(p.reason()).contains("averaged with the 1 week(s) since");
		assertThat(p.mean()[20]).isGreaterThan(25);
		assertThat(oldShape.mean()[20]).isLessThan(10);
	}

	@Test
	void aGrowingTrendIsNotALevelStep() {
		double[] history = new double[7 * 168];
		Random random = new Random(8);
		for (int t = 0; t < history.length; t++) {
			// The peak doubles over the seven weeks.
			history[t] = rate(t, 25 + 25.0 * t / history.length) * Math.exp(0.3 * random.nextGaussian() - 0.045);
		}

		assertThat(HourlyForecaster.LevelStep.find(history)).isNull();
	}

}
