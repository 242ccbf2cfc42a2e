package io.github.quotabroker.forecast;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AnomalyDetectorTest {

	private static final int WEEK = 168;

	/**
	 * Hourly usage with a daily and weekly rhythm (40 in working hours on weekdays) and
	 * normal noise of {@code sigma}, like the Holt-Winters reference series.
	 */
	private static double[] series(int hours, long seed, double sigma) {
		Random random = new Random(seed);
		double[] y = new double[hours];
		for (int t = 0; t < hours; t++) {
			int hour = t % 24;
			int day = (t / 24) % 7;
			double working = (hour >= 8 && hour < 19) ? 1.0 : 0.15;
			double weekday = (day < 5) ? 1.0 : 0.3;
			y[t] = Math.max(0, 40 * working * weekday + 5 + sigma * random.nextGaussian());
		}
		return y;
	}

	@Test
	void aSpikeOfTenSigmaInABusyHourIsAnAnomalyAndItsNeighboursAreNot() {
		double[] y = series(5 * WEEK, 1, 3);
		int origin = 4 * WEEK;
		// Tuesday 10:00 of the fifth week.
		int spike = origin + 24 + 10;
		y[spike] += 30;

		AnomalyDetector.Expectation e = AnomalyDetector.expect(y, y, origin, WEEK, 0.05);

		assertThat(e.model()).isEqualTo(ForecastModel.HOLT_WINTERS);
		assertThat(e.reason()).contains("4.0 weeks of the team's history");
		// The scale is the one-step prediction error's σ: the noise's 3 plus the
		// model's own error in the level and seasonal terms it estimates.
		assertThat(e.scale()).isBetween(3.0, 4.5);
		int i = spike - origin;
		assertThat(e.expected()[i]).isCloseTo(45, within(5.0));
		assertThat(AnomalyDetector.severity(e.z(i, y[spike]), 2, 3)).isEqualTo(AnomalySeverity.ANOMALY);
		assertThat(AnomalyDetector.severity(e.z(i - 1, y[spike - 1]), 2, 3)).isNull();
		assertThat(AnomalyDetector.severity(e.z(i + 1, y[spike + 1]), 2, 3)).isNull();
	}

	@Test
	void onPlainNoiseAnomaliesAreRareAndWarningsNearTheNormalTail() {
		int anomalies = 0;
		int warnings = 0;
		int hours = 0;
		for (long seed = 1; seed <= 10; seed++) {
			double[] y = series(5 * WEEK, seed, 3);
			AnomalyDetector.Expectation e = AnomalyDetector.expect(y, y, 4 * WEEK, WEEK, 0.05);
			for (int i = 0; i < WEEK; i++) {
				AnomalySeverity s = AnomalyDetector.severity(e.z(i, y[4 * WEEK + i]), 2, 3);
				anomalies += (s == AnomalySeverity.ANOMALY) ? 1 : 0;
				warnings += (s == AnomalySeverity.WARNING) ? 1 : 0;
				hours++;
			}
		}
		// One-sided normal tails: 0.13 % beyond 3σ, 2.1 % between 2σ and 3σ.
		assertThat(anomalies / (double) hours).isLessThan(0.01);
		assertThat(warnings / (double) hours).isBetween(0.005, 0.05);
	}

	@Test
	void pastSpikesHardlyMoveTheScaleWhereAStandardDeviationWouldDouble() {
		double[] clean = series(5 * WEEK, 4, 3);
		double[] spiky = clean.clone();
		Random random = new Random(9);
		// One calibration hour in ten gets a spike of 20σ.
		for (int t = 3 * WEEK; t < 4 * WEEK; t++) {
			if (random.nextInt(10) == 0) {
				spiky[t] += 60;
			}
		}

		double cleanScale = AnomalyDetector.expect(clean, clean, 4 * WEEK, 24, 0.05).scale();
		double spikyScale = AnomalyDetector.expect(spiky, spiky, 4 * WEEK, 24, 0.05).scale();

		double[] errors = new double[WEEK];
		for (int i = 0; i < WEEK; i++) {
			errors[i] = spiky[3 * WEEK + i] - clean[3 * WEEK + i];
		}
		double rms = Math.sqrt(Arrays.stream(errors).map((e) -> e * e).sum() / WEEK);
		assertThat(rms).as("what the spikes alone add to a standard deviation").isGreaterThan(2 * cleanScale);
		assertThat(spikyScale).isLessThan(1.6 * cleanScale);
	}

	@Test
	void theExpectationOfAnHourDependsOnlyOnTheHoursBeforeIt() {
		double[] y = series(5 * WEEK, 2, 3);
		double[] changedLater = y.clone();
		changedLater[4 * WEEK + 50] += 500;

		AnomalyDetector.Expectation a = AnomalyDetector.expect(y, y, 4 * WEEK, WEEK, 0.05);
		AnomalyDetector.Expectation b = AnomalyDetector.expect(changedLater, changedLater, 4 * WEEK, WEEK, 0.05);

		for (int i = 0; i <= 50; i++) {
			assertThat(b.expected()[i]).as("hour %d", i).isEqualTo(a.expected()[i]);
		}
		assertThat(b.expected()[51]).isGreaterThan(a.expected()[51]);
		assertThat(b.scale()).isEqualTo(a.scale());
	}

	@Test
	void aTeamWithOneWeekIsMeasuredAgainstThePoolsPatternScaledToItsShare() {
		double[] pool = series(5 * WEEK, 3, 3);
		double[] team = new double[pool.length];
		for (int t = 3 * WEEK; t < pool.length; t++) {
			team[t] = pool[t] / 4;
		}

		AnomalyDetector.Expectation e = AnomalyDetector.expect(team, pool, 4 * WEEK, 24, 0.05);

		assertThat(e.model()).isEqualTo(ForecastModel.POOL_PATTERN);
		assertThat(e.reason()).contains("168 hours of history").contains("share 0.250");
		// Tuesday 10:00 of the fifth week: a quarter of 45.
		assertThat(e.expected()[10]).isCloseTo(11.25, within(2.0));
	}

	@Test
	void withoutThreeWeeksOfHistoryThereIsNoExpectationAndTheAnswerSaysWhy() {
		double[] y = series(2 * WEEK, 5, 3);

		AnomalyDetector.Expectation e = AnomalyDetector.expect(y, y, 2 * WEEK - 24, 24, 0.05);

		assertThat(e.available()).isFalse();
		assertThat(e.model()).isEqualTo(ForecastModel.NO_HISTORY);
		assertThat(e.reason()).contains("need 504 hours").contains("the team has 312");
	}

	@Test
	void aPerfectlyRegularSeriesIsMeasuredAgainstTheFloorNotAZeroScale() {
		double[] y = new double[5 * WEEK];
		for (int t = 0; t < y.length; t++) {
			y[t] = (t % 24 >= 8 && t % 24 < 19) ? 40 : 4;
		}

		AnomalyDetector.Expectation e = AnomalyDetector.expect(y, y, 4 * WEEK, 24, 0.1);

		double mean = (11 * 40 + 13 * 4) / 24.0;
		assertThat(e.scale()).isCloseTo(0.1 * mean, within(1e-6));
		assertThat(e.z(10, 41)).isLessThan(1);
	}

	@Test
	void severitiesFollowTheThresholds() {
		assertThat(AnomalyDetector.severity(1.99, 2, 3)).isNull();
		assertThat(AnomalyDetector.severity(2, 2, 3)).isEqualTo(AnomalySeverity.WARNING);
		assertThat(AnomalyDetector.severity(2.99, 2, 3)).isEqualTo(AnomalySeverity.WARNING);
		assertThat(AnomalyDetector.severity(3, 2, 3)).isEqualTo(AnomalySeverity.ANOMALY);
		assertThat(AnomalyDetector.severity(-8, 2, 3)).isNull();
	}

}
