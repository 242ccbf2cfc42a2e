package io.github.quotabroker.forecast;

import java.util.Arrays;

/**
 * The seasonal expectation of a team's hourly usage and how far an hour's actual usage is
 * above it, in units of the model's residual scale (a z-score).
 * <p>
 * The expectation is the forecast's own model (see {@link HourlyForecaster}):
 * Holt-Winters with a 168-hour season on the team's history when it has three weeks, else
 * the pool's Holt-Winters pattern scaled by the team's share. For each examined hour it
 * is the one-step-ahead value: the state has seen every hour before it and none after,
 * and the weights are chosen on the history before the calibration span, as the forecast
 * does.
 * <p>
 * The scale is measured on the same model's one-step errors over the calibration span (up
 * to two weeks before the first examined hour, out of sample), as the split-conformal
 * width the forecast uses for its 80 % band, divided by the normal quantile 1.2816: a
 * standard deviation where the errors are normal, but one that a few past spikes (up to a
 * fifth of the hours) hardly move, where a plain standard deviation would grow with them
 * and hide the next spike. A floor of {@code floorFraction} of the mean hourly usage
 * keeps a very regular series from turning small wobbles into anomalies. Only usage above
 * the expectation is scored: an hour below it cannot exhaust a pool, and a lasting fall
 * shows as a changepoint. Pure arithmetic: no Spring, no clock.
 */
public final class AnomalyDetector {

	/** The normal quantile with 80 % of |Z| below it: turns the 80 % width into σ. */
	static final double Z80 = 1.2815515655446004;

	/** Errors needed to measure a scale. */
	static final int MIN_RESIDUALS = 24;

	/** The smallest scale, one base unit, so a z-score is always defined. */
	static final double MIN_SCALE = 1;

	/**
	 * What the examined hours were expected to hold.
	 *
	 * @param model the model used ({@link ForecastModel#NO_HISTORY}: none, see reason)
	 * @param reason why that model, in plain words
	 * @param expected one expectation per examined hour (never below zero)
	 * @param scale the residual scale (σ) z-scores are measured in
	 */
	public record Expectation(ForecastModel model, String reason, double[] expected, double scale) {

		public boolean available() {
			return this.model != ForecastModel.NO_HISTORY;
		}

		/**
		 * How many σ {@code actual} lies above the expectation of examined hour
		 * {@code i}.
		 */
		public double z(int i, double actual) {
			return (actual - this.expected[i]) / this.scale;
		}

	}

	private AnomalyDetector() {
	}

	/**
	 * The expectation of hours {@code [origin, origin + count)} of {@code team}, whose
	 * history before {@code origin} chooses the model, its weights and its scale.
	 * @param team the team's hourly usage of a pool, oldest first, at least
	 * {@code origin + count} hours
	 * @param pool the whole pool's hourly usage over the same hours
	 * @param floorFraction the smallest scale as a fraction of the mean hourly usage
	 */
	public static Expectation expect(double[] team, double[] pool, int origin, int count, double floorFraction) {
		int first = firstUsage(team, origin);
		int own = origin - first;
		if (own >= HourlyForecaster.SEASONAL_HISTORY) {
			double[] y = Arrays.copyOfRange(team, first, origin + count);
			Seasonal fit = seasonal(y, own);
			double scale = scale(fit.residuals(y, own, own), Arrays.copyOfRange(y, own - fit.calibration, own),
					floorFraction);
			return new Expectation(ForecastModel.HOLT_WINTERS,
					"Holt-Winters (168-hour season) on " + weeks(own) + " of the team's history",
					fit.expected(own, count, 1), scale);
		}
		int poolFirst = firstUsage(pool, origin);
		int poolOwn = origin - poolFirst;
		double teamTotal = sum(team, first, origin);
		if (poolOwn >= HourlyForecaster.SEASONAL_HISTORY && teamTotal > 0) {
			double share = teamTotal / sum(pool, first, origin);
			double[] p = Arrays.copyOfRange(pool, poolFirst, origin + count);
			Seasonal fit = seasonal(p, poolOwn);
			// The team's errors against the scaled pattern, over the calibration span
			// the team has been using the pool in.
			int from = Math.max(poolOwn - fit.calibration, first - poolFirst);
			double[] residuals = new double[poolOwn - from];
			for (int t = from; t < poolOwn; t++) {
				residuals[t - from] = team[poolFirst + t] - share * fit.fitted[t];
			}
			if (residuals.length >= MIN_RESIDUALS) {
				double scale = scale(residuals, Arrays.copyOfRange(team, poolFirst + from, origin), floorFraction);
				return new Expectation(ForecastModel.POOL_PATTERN,
						"the team has " + own + " hours of history, fewer than " + HourlyForecaster.SEASONAL_HISTORY
								+ "; the pool's Holt-Winters pattern scaled by the team's share "
								+ String.format(java.util.Locale.ROOT, "%.3f", share),
						fit.expected(poolOwn, count, share), scale);
			}
		}
		return new Expectation(ForecastModel.NO_HISTORY,
				"hourly anomalies need " + HourlyForecaster.SEASONAL_HISTORY
						+ " hours of the team's or the pool's history; the team has " + own + ", the pool " + poolOwn,
				new double[count], Double.NaN);
	}

	/**
	 * The severity of a z-score, or {@code null} below {@code warning}.
	 */
	public static AnomalySeverity severity(double z, double warning, double anomaly) {
		if (z >= anomaly) {
			return AnomalySeverity.ANOMALY;
		}
		return (z >= warning) ? AnomalySeverity.WARNING : null;
	}

	/**
	 * σ from the 80 % split-conformal width of the absolute errors, floored at a fraction
	 * of the mean usage over the same hours.
	 */
	static double scale(double[] residuals, double[] usage, double floorFraction) {
		double[] absolute = new double[residuals.length];
		for (int i = 0; i < residuals.length; i++) {
			absolute[i] = Math.abs(residuals[i]);
		}
		double width = ConformalIntervals.widthOrLargest(absolute, 0.80);
		double mean = (usage.length > 0) ? sum(usage, 0, usage.length) / usage.length : 0;
		return Math.max(MIN_SCALE, Math.max(width / Z80, floorFraction * mean));
	}

	/**
	 * Holt-Winters run over a series whose first {@code history} values are the past:
	 * weights chosen before the calibration span, one-step fitted values throughout.
	 */
	private static Seasonal seasonal(double[] y, int history) {
		int calibration = Math.min(HourlyForecaster.MAX_CALIBRATION, history - 2 * HourlyForecaster.WEEK);
		HoltWinters.Parameters chosen = HoltWinters.fit(Arrays.copyOf(y, history - calibration), HourlyForecaster.WEEK)
			.parameters();
		HoltWinters.Fit fit = HoltWinters.run(y, HourlyForecaster.WEEK, chosen,
				HoltWinters.initial(y, HourlyForecaster.WEEK), null);
		return new Seasonal(fit.fitted(), calibration);
	}

	private record Seasonal(double[] fitted, int calibration) {

		double[] residuals(double[] y, int history, int until) {
			double[] residuals = new double[this.calibration];
			for (int t = history - this.calibration; t < until; t++) {
				residuals[t - (history - this.calibration)] = y[t] - this.fitted[t];
			}
			return residuals;
		}

		double[] expected(int from, int count, double share) {
			double[] out = new double[count];
			for (int i = 0; i < count; i++) {
				out[i] = Math.max(0, share * this.fitted[from + i]);
			}
			return out;
		}

	}

	/** The first hour before {@code origin} with usage ({@code origin} when none). */
	private static int firstUsage(double[] series, int origin) {
		int first = 0;
		while (first < origin && series[first] <= 0) {
			first++;
		}
		return first;
	}

	private static double sum(double[] values, int from, int to) {
		double sum = 0;
		for (int i = from; i < to; i++) {
			sum += values[i];
		}
		return sum;
	}

	private static String weeks(int hours) {
		return String.format(java.util.Locale.ROOT, "%.1f weeks", hours / (double) HourlyForecaster.WEEK);
	}

}
