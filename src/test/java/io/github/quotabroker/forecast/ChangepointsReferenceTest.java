package io.github.quotabroker.forecast;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Checks {@link Changepoints} against statsmodels 0.13.5's {@code breaks_cusumolsresid}
 * and scipy 1.10.1's {@code kstwobign.sf} (Debian's python3-statsmodels and
 * python3-scipy) on fixed series; the figures were written by
 * {@code src/test/resources/forecast/generate_changepoints.py}.
 */
class ChangepointsReferenceTest {

	private static JsonNode reference() throws IOException {
		try (InputStream in = ChangepointsReferenceTest.class
			.getResourceAsStream("/forecast/changepoints-reference.json")) {
			JsonNode root = JsonMapper.builder().build().readTree(in);
			assertThat(root.get("reference").asString()).startsWith("statsmodels 0.13.5");
			return root;
		}
	}

	private static JsonNode referenceCase(String name) throws IOException {
		for (JsonNode c : reference().get("cases")) {
			if (c.get("name").asString().equals(name)) {
				return c;
			}
		}
		throw new IllegalArgumentException(name);
	}

	private static double[] doubles(JsonNode array) {
		double[] out = new double[array.size()];
		for (int i = 0; i < out.length; i++) {
			out[i] = array.get(i).asDouble();
		}
		return out;
	}

	@ParameterizedTest
	@ValueSource(strings = { "steady-28d", "up-28d-at-19", "down-56d-at-30" })
	void weekdayResidualsStatisticAndPValueMatchStatsmodels(String name) throws IOException {
		JsonNode c = referenceCase(name);
		double[] y = doubles(c.get("series"));
		double[] expected = doubles(c.get("residuals"));

		double[] residuals = Changepoints.residualsFromWeekdayMeans(y);

		for (int i = 0; i < y.length; i++) {
			assertThat(residuals[i]).as("residual %d", i).isCloseTo(expected[i], within(1e-7));
		}
		double statistic = Changepoints.statistic(residuals, c.get("ddof").asInt());
		assertThat(statistic).isCloseTo(c.get("statistic").asDouble(), within(1e-9));
		assertThat(Changepoints.kolmogorovSurvival(statistic)).isCloseTo(c.get("pValue").asDouble(),
				within(1e-9 + 1e-6 * c.get("pValue").asDouble()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "up-28d-at-19", "down-56d-at-30", "up-28d-at-24" })
	void theShiftIsOnTheDayAndOfTheSizeOfStatsmodelsBestStepWithWeekdayDummies(String name) throws IOException {
		JsonNode c = referenceCase(name);
		double[] y = doubles(c.get("series"));

		Changepoints.Shift shift = Changepoints.find(y, 3, 0.05, 0.1).orElseThrow();

		assertThat(shift.day()).isEqualTo(c.get("shiftDay").asInt());
		assertThat(shift.after() - shift.before()).isCloseTo(c.get("step").asDouble(), within(1e-6));
		assertThat(shift.statistic()).isCloseTo(c.get("statistic").asDouble(), within(1e-9));
		assertThat(shift.pValue()).isCloseTo(c.get("pValue").asDouble(), within(1e-9));
	}

	@Test
	void aShortSeriesUsesTheOverallMeanLikeStatsmodelsWithAConstant() throws IOException {
		JsonNode c = referenceCase("flat-10d-at-6");
		double[] y = doubles(c.get("series"));

		Changepoints.Shift shift = Changepoints.find(y, 3, 0.1, 0.1).orElseThrow();

		assertThat(c.get("ddof").asInt()).isEqualTo(1);
		assertThat(shift.statistic()).isCloseTo(c.get("statistic").asDouble(), within(1e-9));
		assertThat(shift.pValue()).isCloseTo(c.get("pValue").asDouble(), within(1e-9));
		assertThat(shift.day()).isEqualTo(c.get("shiftDay").asInt());
		assertThat(shift.after() - shift.before()).isCloseTo(c.get("step").asDouble(), within(1e-6));
	}

	@Test
	void kolmogorovSurvivalMatchesScipyOnBothSidesOfItsSeriesSwitch() throws IOException {
		for (JsonNode point : reference().get("kolmogorov")) {
			double x = point.get("x").asDouble();
			double sf = point.get("sf").asDouble();
			assertThat(Changepoints.kolmogorovSurvival(x)).as("sf(%s)", x).isCloseTo(sf, within(1e-10 + 1e-7 * sf));
		}
	}

}
