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

}
