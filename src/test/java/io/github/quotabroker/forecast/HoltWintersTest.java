package io.github.quotabroker.forecast;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class HoltWintersTest {

	@Test
	void aConstantSeriesIsForecastAsThatConstant() {
		double[] y = new double[3 * 168];
		Arrays.fill(y, 12.5);

		HoltWinters.Fit fit = HoltWinters.fit(y, 168);

		assertThat(fit.sse()).isCloseTo(0, within(1e-9));
		assertThat(Arrays.stream(fit.forecast(400)).boxed())
			.allSatisfy((v) -> assertThat(v).isCloseTo(12.5, within(1e-9)));
	}

	@Test
	void aRepeatingPatternIsForecastOnePeriodAheadAsTheSamePattern() {
		double[] pattern = { 0, 5, 20, 5 };
		double[] y = new double[40];
		for (int t = 0; t < y.length; t++) {
			y[t] = pattern[t % 4];
		}

		double[] ahead = HoltWinters.fit(y, 4).forecast(8);

		for (int h = 0; h < 8; h++) {
			assertThat(ahead[h]).isCloseTo(pattern[h % 4], within(1e-9));
		}
	}

	@Test
	void aDampedTrendFlattensOut() {
		HoltWinters.State state = new HoltWinters.State(10, 1, new double[] { 0 });

		double[] ahead = HoltWinters.forecast(state, 0.5, 30);

		// 10 + (0.5 + 0.25 + ...) * 1 approaches 11.
		assertThat(ahead[0]).isCloseTo(10.5, within(1e-12));
		assertThat(ahead[29]).isCloseTo(11, within(1e-6));
	}

	@Test
	void weightsOutsideZeroToOneAndTooShortHistoriesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new HoltWinters.Parameters(1.2, 0, 0, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new HoltWinters.Parameters(0.1, 0, Double.NaN, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> HoltWinters.initial(new double[300], 168));
	}

	@Test
	void theRunReportsTheStateBeforeEachObservation() {
		double[] y = { 1, 2, 3, 4, 5, 6 };
		HoltWinters.State[] states = new HoltWinters.State[y.length];
		HoltWinters.Parameters p = new HoltWinters.Parameters(0.3, 0.1, 0.2, 0.98);

		HoltWinters.Fit fit = HoltWinters.run(y, 2, p, HoltWinters.initial(y, 2), states);

		for (int t = 0; t < y.length; t++) {
			assertThat(HoltWinters.forecast(states[t], 0.98, 1)[0]).isCloseTo(fit.fitted()[t], within(1e-12));
		}
	}

}
