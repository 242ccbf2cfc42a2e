package io.github.quotabroker.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses a model for a team's hourly series and projects it with calibrated intervals:
 * Holt-Winters on the team's own history when it has three weeks (two to start the weekly
 * season, at least one held out to calibrate the intervals), else the pool's pattern
 * scaled to the team, else an EWMA (α 0.3) of daily totals. Series are hourly amounts,
 * oldest first, ending with the last complete hour. Pure arithmetic.
 */
public final class HourlyForecaster {

	static final int WEEK = 168;

	static final int DAY = 24;

	/** Team or pool history needed for Holt-Winters: start (2 weeks) plus 1 held out. */
	static final int SEASONAL_HISTORY = 3 * WEEK;

	/** Held-out span at most: two weeks, the last of the history. */
	static final int MAX_CALIBRATION = 2 * WEEK;

	/** Forecast origins in the held-out span are this many hours apart. */
	static final int ORIGIN_EVERY = 6;

	static final double EWMA_ALPHA = 0.3;

	/** Held-out days before the daily fallback's intervals count as calibrated. */
	static final int MIN_CALIBRATION_DAYS = 7;

	private HourlyForecaster() {
	}

	/**
	 * @param team the team's hourly usage in the pool
	 * @param pool the whole pool's hourly usage over the same hours
	 * @param steps hours to project
	 */
	public static HourlyProjection project(double[] team, double[] pool, int steps) {
		double[] own = fromFirstUsage(team);
		if (own.length >= SEASONAL_HISTORY) {
			return seasonal(own, steps, ForecastModel.HOLT_WINTERS,
					"Holt-Winters (168-hour season) on " + weeks(own.length) + " of the team's history", 1);
		}
		double[] whole = fromFirstUsage(pool);
		double ownTotal = Arrays.stream(own).sum();
		if (whole.length >= SEASONAL_HISTORY && ownTotal > 0) {
			double poolTotal = Arrays.stream(pool, pool.length - own.length, pool.length).sum();
			double share = (poolTotal > 0) ? ownTotal / poolTotal : 0;
			return seasonal(whole, steps, ForecastModel.POOL_PATTERN,
					"the team has " + own.length + " hours of history, fewer than " + SEASONAL_HISTORY
							+ "; the pool's Holt-Winters pattern scaled by the team's share "
							+ String.format(java.util.Locale.ROOT, "%.3f", share),
					share);
		}
		if (own.length >= DAY) {
			return ewmaOfDailyTotals(own, steps);
		}
		double[] zeros = new double[steps];
		return new HourlyProjection(ForecastModel.NO_HISTORY,
				"less than a day of usage (" + own.length + " hours): nothing to project", false, zeros, zeros, zeros,
				zeros, zeros, zeros, zeros);
	}

	private static HourlyProjection seasonal(double[] y, int steps, ForecastModel model, String reason, double scale) {
		int n = y.length;
		int calibration = Math.min(MAX_CALIBRATION, n - 2 * WEEK);
		// Weights are chosen on the history before the held-out span.
		// So the span's errors are out of sample.
		HoltWinters.Fit chosen = HoltWinters.fit(Arrays.copyOf(y, n - calibration), WEEK);
		HoltWinters.State[] states = new HoltWinters.State[n];
		HoltWinters.Fit fit = HoltWinters.run(y, WEEK, chosen.parameters(), HoltWinters.initial(y, WEEK), states);
		double phi = chosen.parameters().phi();
		List<List<Double>> errorsByHorizon = new ArrayList<>();
		List<List<Double>> cumulativeByHorizon = new ArrayList<>();
		for (int h = 0; h < calibration; h++) {
			errorsByHorizon.add(new ArrayList<>());
			cumulativeByHorizon.add(new ArrayList<>());
		}
		for (int origin = n - calibration; origin < n; origin += ORIGIN_EVERY) {
			double[] ahead = HoltWinters.forecast(states[origin], phi, n - origin);
			double cumulative = 0;
			for (int h = 0; h < ahead.length; h++) {
				errorsByHorizon.get(h).add(Math.abs(y[origin + h] - ahead[h]));
				// The mean projected is never negative: sums are calibrated against that.
				cumulative += y[origin + h] - Math.max(0, ahead[h]);
				cumulativeByHorizon.get(h).add(Math.abs(cumulative));
			}
		}
		double[] raw = fit.forecast(steps);
		boolean calibrated = true;
		double[][] bands = new double[5][steps];
		// Beyond half the held-out span too few origins reach; the widths stay at that
		// horizon's. Neighbouring horizons are pooled for more errors per width. Widths
		// depend on the horizon only through that centre: each is computed once.
		int lastCentre = calibration / 2 - 1;
		double[][] widths = new double[lastCentre + 1][];
		for (int h = 0; h < steps; h++) {
			int centre = Math.min(h, lastCentre);
			if (widths[centre] == null) {
				double[] errors = pooled(errorsByHorizon, centre - 3, centre + 3);
				double w80 = ConformalIntervals.width(errors, 0.80);
				double w95 = ConformalIntervals.width(errors, 0.95);
				boolean enough = !Double.isNaN(w95);
				if (!enough) {
					w80 = ConformalIntervals.widthOrLargest(errors, 0.80);
					w95 = ConformalIntervals.widthOrLargest(errors, 0.95);
				}
				widths[centre] = new double[] { w80, w95, enough ? 1 : 0 };
			}
			calibrated &= widths[centre][2] == 1;
			fill(bands, h, raw[h], widths[centre][0], widths[centre][1], scale);
		}
		double[][] paths = paths(bands, ConformalIntervals.cumulativeWidths(cumulativeByHorizon, steps, 0.80), scale);
		return new HourlyProjection(model, reason, calibrated, bands[0], bands[1], bands[2], bands[3], bands[4],
				paths[0], paths[1]);
	}

	private static HourlyProjection ewmaOfDailyTotals(double[] own, int steps) {
		// Whole days counted back from the last hour, so the latest day is complete and
		// slot j of every day is the same hour of the day as projected hour j.
		int days = own.length / DAY;
		int offset = own.length - days * DAY;
		double[] totals = new double[days];
		double[][] byDay = new double[days][DAY];
		for (int d = 0; d < days; d++) {
			for (int h = 0; h < DAY; h++) {
				byDay[d][h] = own[offset + d * DAY + h];
				totals[d] += byDay[d][h];
			}
		}
		// Out-of-sample hourly errors: each day against the level and the hour-of-day
		// shape of the days before it.
		double level = totals[0];
		double[] shape = new double[DAY];
		double[] errors = new double[(days - 1) * DAY];
		List<List<Double>> cumulativeByHorizon = new ArrayList<>();
		for (int h = 0; h < DAY; h++) {
			cumulativeByHorizon.add(new ArrayList<>());
		}
		for (int d = 1; d < days; d++) {
			for (int h = 0; h < DAY; h++) {
				shape[h] += byDay[d - 1][h];
			}
			double[] share = shares(shape);
			double cumulative = 0;
			for (int h = 0; h < DAY; h++) {
				errors[(d - 1) * DAY + h] = Math.abs(byDay[d][h] - level * share[h]);
				cumulative += byDay[d][h] - level * share[h];
				cumulativeByHorizon.get(h).add(Math.abs(cumulative));
			}
			level = EWMA_ALPHA * totals[d] + (1 - EWMA_ALPHA) * level;
		}
		for (int h = 0; h < DAY; h++) {
			shape[h] += byDay[days - 1][h];
		}
		double[] share = shares(shape);
		double w80 = ConformalIntervals.width(errors, 0.80);
		double w95 = ConformalIntervals.width(errors, 0.95);
		// Hours of one day share its level error: a week of held-out days before the
		// widths count as calibrated.
		boolean calibrated = !Double.isNaN(w95) && days - 1 >= MIN_CALIBRATION_DAYS;
		if (Double.isNaN(w95)) {
			w80 = ConformalIntervals.widthOrLargest(errors, 0.80);
			w95 = ConformalIntervals.widthOrLargest(errors, 0.95);
		}
		double[][] bands = new double[5][steps];
		for (int h = 0; h < steps; h++) {
			fill(bands, h, level * share[h % DAY], w80, w95, 1);
		}
		double[][] paths = paths(bands, ConformalIntervals.cumulativeWidths(cumulativeByHorizon, steps, 0.80), 1);
		return new HourlyProjection(ForecastModel.EWMA_DAILY,
				"the team and the pool have fewer than " + SEASONAL_HISTORY + " hours of history; EWMA (alpha 0.3) of "
						+ days + " daily totals, spread over the hours by the team's hour-of-day shape",
				calibrated, bands[0], bands[1], bands[2], bands[3], bands[4], paths[0], paths[1]);
	}

	/**
	 * The 80 % paths: each hour the mean plus (minus) the growth of the cumulative width,
	 * so a sum over the first hours reaches the calibrated width of that sum. Without
	 * cumulative widths, the hourly bands (whose sums are wider).
	 */
	private static double[][] paths(double[][] bands, double[] cumulativeWidths, double scale) {
		int steps = bands[0].length;
		if (cumulativeWidths == null) {
			return new double[][] { bands[1], bands[2] };
		}
		double[][] paths = new double[2][steps];
		for (int h = 0; h < steps; h++) {
			double growth = scale * (cumulativeWidths[h + 1] - cumulativeWidths[h]);
			paths[0][h] = Math.max(0, bands[0][h] - growth);
			paths[1][h] = bands[0][h] + growth;
		}
		return paths;
	}

	/** Each hour's share of the day; even when nothing was used. */
	private static double[] shares(double[] shape) {
		double total = Arrays.stream(shape).sum();
		double[] share = new double[shape.length];
		for (int h = 0; h < shape.length; h++) {
			share[h] = (total > 0) ? shape[h] / total : 1.0 / shape.length;
		}
		return share;
	}

	private static void fill(double[][] bands, int h, double raw, double w80, double w95, double scale) {
		bands[0][h] = scale * Math.max(0, raw);
		bands[1][h] = scale * Math.max(0, raw - w80);
		bands[2][h] = scale * Math.max(0, raw + w80);
		bands[3][h] = scale * Math.max(0, raw - w95);
		bands[4][h] = scale * Math.max(0, raw + w95);
	}

	private static double[] pooled(List<List<Double>> byHorizon, int from, int to) {
		List<Double> all = new ArrayList<>();
		for (int h = Math.max(0, from); h <= Math.min(byHorizon.size() - 1, to); h++) {
			all.addAll(byHorizon.get(h));
		}
		return all.stream().mapToDouble(Double::doubleValue).toArray();
	}

	private static double[] fromFirstUsage(double[] series) {
		int first = 0;
		while (first < series.length && series[first] <= 0) {
			first++;
		}
		return Arrays.copyOfRange(series, first, series.length);
	}

	private static String weeks(int hours) {
		return String.format(java.util.Locale.ROOT, "%.1f weeks", hours / (double) WEEK);
	}

}
