package io.github.quotabroker.forecast;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ChangepointsTest {

	/**
	 * Weekdays at 1000, weekends at 300, noise of 50, and {@code shift} from {@code at}.
	 */
	private static double[] days(int n, long seed, int at, double shift) {
		Random random = new Random(seed);
		double[] y = new double[n];
		for (int i = 0; i < n; i++) {
			y[i] = ((i % 7 < 5) ? 1000 : 300) + 50 * random.nextGaussian() + ((i >= at) ? shift : 0);
		}
		return y;
	}

	@Test
	void aSteadyWeeklyRhythmIsNoChangepoint() {
		for (long seed = 1; seed <= 20; seed++) {
			assertThat(Changepoints.find(days(28, seed, 28, 0), 3, 0.01, 0.2)).as("seed %d", seed).isEmpty();
		}
	}

	@Test
	void aLastingRiseIsFoundOnItsFirstDay() {
		Changepoints.Shift shift = Changepoints.find(days(28, 7, 20, 500), 3, 0.01, 0.2).orElseThrow();

		assertThat(shift.day()).isEqualTo(20);
		assertThat(shift.after() - shift.before()).isCloseTo(500, within(120.0));
		assertThat(shift.relativeChange()).isPositive();
		assertThat(shift.pValue()).isLessThan(0.01);
	}

	@Test
	void aLastingDropIsFoundToo() {
		Changepoints.Shift shift = Changepoints.find(days(42, 3, 25, -400), 3, 0.01, 0.2).orElseThrow();

		assertThat(shift.day()).isEqualTo(25);
		assertThat(shift.relativeChange()).isNegative();
	}

	@Test
	void aShiftInTheMiddleOfAWeekIsPlacedOnItsDayDespiteTheWeekdayMeans() {
		double[] y = new double[28];
		for (int i = 0; i < 28; i++) {
			y[i] = ((i % 7 < 5) ? 1000 : 300) * ((i >= 18) ? 2 : 1);
		}

		Changepoints.Shift shift = Changepoints.find(y, 3, 0.01, 0.2).orElseThrow();

		assertThat(shift.day()).isEqualTo(18);
		// statsmodels 0.13.5 on the same series: a step of 766.667 with weekday dummies,
		// CUSUM 1.9485, p 0.00101.
		assertThat(shift.after() - shift.before()).isCloseTo(766.667, within(0.001));
		assertThat(shift.statistic()).isCloseTo(1.9485, within(1e-4));
	}

	@Test
	void aShiftOfTheLastDaysOnlyIsNotYetLasting() {
		// Two days at the new level: fewer than the three asked for.
		assertThat(Changepoints.find(days(28, 5, 26, 2000), 3, 0.01, 0.2)).isEmpty();
	}

	@Test
	void aSignificantButSmallShiftIsIgnored() {
		double[] y = new double[28];
		Arrays.fill(y, 0, 14, 1000);
		Arrays.fill(y, 14, 28, 1010);
		y[3] = 1001;
		// Perfectly regular series make any shift significant; 1 % is below 20 %.
		assertThat(Changepoints.find(y, 3, 0.01, 0.2)).isEmpty();
		assertThat(Changepoints.find(y, 3, 0.01, 0.005)).isPresent();
	}

	@Test
	void aConstantOrTooShortSeriesHasNoChangepoint() {
		double[] flat = new double[28];
		Arrays.fill(flat, 500);
		assertThat(Changepoints.find(flat, 3, 0.01, 0.2)).isEmpty();
		assertThat(Changepoints.find(new double[] { 1, 2, 300, 400, 500 }, 3, 0.5, 0.2)).isEmpty();
	}

	@Test
	void kolmogorovSurvivalFallsFromOneToZero() {
		assertThat(Changepoints.kolmogorovSurvival(0)).isEqualTo(1);
		assertThat(Changepoints.kolmogorovSurvival(1.36)).isCloseTo(0.05, within(0.001));
		assertThat(Changepoints.kolmogorovSurvival(1.63)).isCloseTo(0.01, within(0.001));
		double previous = 1;
		for (double x = 0.1; x < 3; x += 0.05) {
			double sf = Changepoints.kolmogorovSurvival(x);
			assertThat(sf).isLessThanOrEqualTo(previous + 1e-12);
			previous = sf;
		}
	}

}
