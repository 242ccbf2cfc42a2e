package io.github.quotabroker.forecast;

import java.util.ArrayList;
import java.util.List;

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

	/** Errors 1..count at one horizon. */
	private static List<Double> errors(int count, double scale) {
		List<Double> errors = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			errors.add(i * scale);
		}
		return errors;
	}

	@Test
	void cumulativeWidthsAreCalibratedWhereEnoughSumsReachThenGrowInProportion() {
		// Horizons 1 and 2 have 19 errors (rank 16 at 0.8), horizon 3 only 5.
		List<List<Double>> byHorizon = List.of(errors(19, 1), errors(19, 2), errors(5, 100));

		double[] widths = ConformalIntervals.cumulativeWidths(byHorizon, 4, 0.80);

		assertThat(widths).containsExactly(0, 16, 32, 48, 64);
	}

	@Test
	void cumulativeWidthsNeverShrinkWithTheHorizon() {
		List<List<Double>> byHorizon = List.of(errors(19, 2), errors(19, 1));

		assertThat(ConformalIntervals.cumulativeWidths(byHorizon, 2, 0.80)).containsExactly(0, 32, 32);
	}

	@Test
	void withoutEnoughSumsAnywhereThereAreNoCumulativeWidths() {
		assertThat(ConformalIntervals.cumulativeWidths(List.of(errors(9, 1)), 3, 0.80)).isNull();
	}

	@Test
	void selectionGivesTheValueASortPutsAtEveryRank() {
		java.util.Random random = new java.util.Random(7);
		for (int run = 0; run < 200; run++) {
			int n = 1 + random.nextInt(60);
			double[] a = new double[n];
			for (int i = 0; i < n; i++) {
				// Few distinct values: ties are the hard case.
				a[i] = random.nextInt(8) * 0.5;
			}
			double[] sorted = a.clone();
			java.util.Arrays.sort(sorted);
			for (int k = 0; k < n; k++) {
				assertThat(ConformalIntervals.select(a.clone(), k)).isEqualTo(sorted[k]);
			}
			// Boxed: too few errors give NaN from both, and NaN equals NaN as a Double.
			assertThat(Double.valueOf(ConformalIntervals.widthBySelection(a.clone(), 0.8)))
				.isEqualTo(Double.valueOf(ConformalIntervals.width(a, 0.8)));
		}
	}

}
