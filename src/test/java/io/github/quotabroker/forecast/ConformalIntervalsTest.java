package io.github.quotabroker.forecast;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConformalIntervalsTest {

	@Test
	void theWidthIsTheErrorOfRankCeilOfNPlusOneTimesCoverage() {
		double[] errors = { 9, 1, 8, 2, 7, 3, 6, 4, 5, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19 };

		// n = 19: rank ceil(20 * 0.8) = 16, ceil(20 * 0.95) = 19.
		assertThat(ConformalIntervals.width(errors, 0.80)).isEqualTo(16);
		assertThat(ConformalIntervals.width(errors, 0.95)).isEqualTo(19);
	}

	@Test
	void tooFewErrorsCannotCalibrateAndFallBackToTheLargest() {
		double[] errors = { 3, 1, 2 };

		assertThat(ConformalIntervals.width(errors, 0.95)).isNaN();
		assertThat(ConformalIntervals.widthOrLargest(errors, 0.95)).isEqualTo(3);
		assertThat(ConformalIntervals.widthOrLargest(new double[0], 0.95)).isZero();
	}

}
