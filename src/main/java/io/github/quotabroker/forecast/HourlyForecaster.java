package io.github.quotabroker.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Chooses a model for a team's hourly series and projects it with calibrated intervals:
 * Holt-Winters on the team's own history when it has three weeks (two to start the weekly
 * season, at least one held out to calibrate the intervals), else the pool's pattern
 * scaled to the team, else an EWMA (α 0.3) of daily totals. Series are hourly amounts,
 * oldest first, ending with the last complete hour. Pure arithmetic.
 * <p>
 * The seasonal model, as {@link Options#DEFAULT} has it: large one-step errors are
 * clipped before they move it (spikes), a lasting level step is answered by the pattern
 * from before it rescaled to the new level (and averaged with the weeks since, once there
 * are any), and interval widths are split-conformal per third of the held-out errors by
 * projected amount, in units of that amount. Each was kept because it lowered the
 * backtest's error at every horizon on the tuning seed (docs/benchmarks.md, "Model
 * refinements scored one at a time").
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

	/**
	 * Relative errors are measured against the projected amount, but at least this share
	 * of the mean hour (quiet hours would otherwise make every error large).
	 */
	static final double FLOOR_SHARE = 0.25;

	/** A floor for all-zero histories, so relative errors stay finite. */
	static final double MIN_FLOOR = 1e-6;

	/** Errors beyond this many running mean relative errors are clipped (robust). */
	static final double ROBUST_K = 4;

	/**
	 * After a level step the pattern from before it is rescaled by what the last week
	 * used, less the step's first {@link #RESCALE_SKIP} hours (a ramp), or by the last
	 * {@link #RESCALE_HOURS} when there are not more.
	 */
	static final int RESCALE_HOURS = 2 * DAY;

	static final int RESCALE_SKIP = 2 * DAY;

	/**
	 * Held-out hours after a level step before the rescaled pattern calibrates itself.
	 */
	static final int MIN_STEP_CALIBRATION = 3 * DAY;

	/** The span whose clipped spikes are added back (spike allowance). */
	static final int ALLOWANCE_SPAN = 4 * WEEK;

	/**
	 * Which refinements of the seasonal model are on: split-conformal widths on errors
	 * relative to the projected amount, clipping of large errors before they move the
	 * model, and the pattern from before a lasting level step rescaled to the new level.
	 * {@link #DEFAULT} is what the service uses; the backtest scores the others (see
	 * docs/benchmarks.md).
	 */
	record Options(Set<Refinement> on) {

		static final Options DEFAULT = of(Refinement.BINNED_WIDTHS, Refinement.ROBUST, Refinement.LEVEL_STEPS,
				Refinement.STEP_SHAPE);

		Options {
			on = on.isEmpty() ? EnumSet.noneOf(Refinement.class) : EnumSet.copyOf(on);
		}

		static Options of(Refinement... refinements) {
			Set<Refinement> on = EnumSet.noneOf(Refinement.class);
			on.addAll(Arrays.asList(refinements));
			return new Options(on);
		}

		boolean has(Refinement refinement) {
			return this.on.contains(refinement);
		}

		Options without(Refinement refinement) {
			Set<Refinement> less = EnumSet.noneOf(Refinement.class);
			less.addAll(this.on);
			less.remove(refinement);
			return new Options(less);
		}

	}

	/** The refinements of the seasonal model the backtest scores one by one. */
	enum Refinement {

		/** Split-conformal widths on errors relative to the projected amount. */
		RELATIVE_WIDTHS,

		/** The same per third of the errors by projected amount (Mondrian). */
		BINNED_WIDTHS,

		/** Large errors clipped before they move level, trend and season. */
		ROBUST,

		/** The pattern from before a lasting level step, rescaled to the new level. */
		LEVEL_STEPS,

		/** What clipping took off over the last four weeks, added back in proportion. */
		SPIKE_ALLOWANCE,

		/**
		 * After a level step, the old pattern averaged with the weeks since (with
		 * LEVEL_STEPS).
		 */
		STEP_SHAPE

	}

	private HourlyForecaster() {
	}

	/**
	 * @param team the team's hourly usage in the pool
	 * @param pool the whole pool's hourly usage over the same hours
	 * @param steps hours to project
	 */
	public static HourlyProjection project(double[] team, double[] pool, int steps) {
		return project(team, pool, steps, Options.DEFAULT);
	}

	static HourlyProjection project(double[] team, double[] pool, int steps, Options options) {
		double[] own = fromFirstUsage(team);
		if (own.length >= SEASONAL_HISTORY) {
			return seasonal(own, steps, ForecastModel.HOLT_WINTERS,
					"Holt-Winters (168-hour season) on " + weeks(own.length) + " of the team's history", 1, options);
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
					share, options);
		}
		if (own.length >= DAY) {
			return ewmaOfDailyTotals(own, steps);
		}
		double[] zeros = new double[steps];
		return new HourlyProjection(ForecastModel.NO_HISTORY,
				"less than a day of usage (" + own.length + " hours): nothing to project", false, zeros, zeros, zeros,
				zeros, zeros, zeros, zeros);
	}

	private static HourlyProjection seasonal(double[] y, int steps, ForecastModel model, String reason, double scale,
			Options options) {
		int n = y.length;
		LevelStep step = options.has(Refinement.LEVEL_STEPS) ? LevelStep.find(y) : null;
		if (step != null && n - step.start() >= SEASONAL_HISTORY) {
			// Three weeks at the new level: Holt-Winters on those alone.
			return seasonal(Arrays.copyOfRange(y, step.start(), n), steps, model,
					reason + "; refit on the " + weeks(n - step.start()) + " since " + step, scale, options);
		}
		if (step != null && step.start() < 2 * WEEK + 2 * DAY) {
			// Too little before the step to learn the pattern and calibrate it.
			step = null;
		}
		// The held-out span ends at a level step: errors after it are the step's, not
		// the model's.
		int end = (step != null) ? step.start() : n;
		int calibration = Math.min(MAX_CALIBRATION, end - 2 * WEEK);
		HoltWinters.Robust robust = options.has(Refinement.ROBUST)
				? new HoltWinters.Robust(ROBUST_K, Math.max(MIN_FLOOR, FLOOR_SHARE * mean(y, 0, n))) : null;
		// Weights are chosen on the history before the held-out span.
		// So the span's errors are out of sample.
		HoltWinters.Fit chosen = HoltWinters.fit(Arrays.copyOf(y, end - calibration), WEEK, robust);
		HoltWinters.State[] states = new HoltWinters.State[n];
		// States are kept only where forecasts start: the held-out origins and the step.
		int heldOutFrom = end - calibration;
		int stepStart = (step != null) ? step.start() : -1;
		HoltWinters.Fit fit = HoltWinters.run(y, WEEK, chosen.parameters(), HoltWinters.initial(y, WEEK), states,
				robust,
				(t) -> t == stepStart || (t >= heldOutFrom && t < end && (t - heldOutFrom) % ORIGIN_EVERY == 0));
		double phi = chosen.parameters().phi();
		// Errors are measured in units of the projected amount (at least a quarter of the
		// mean hour), or absolutely: quiet hours then get narrow bands and busy ones
		// wide.
		double floor = Math.max(MIN_FLOOR, FLOOR_SHARE * mean(y, end - WEEK, end));
		boolean relative = options.has(Refinement.RELATIVE_WIDTHS) || options.has(Refinement.BINNED_WIDTHS);
		HeldOut heldOut = new HeldOut(y, heldOutFrom, end,
				(origin) -> HoltWinters.forecast(states[origin], phi, end - origin), relative, floor);
		double[] raw;
		String why = reason;
		if (step != null) {
			// The pattern from before the step, scaled by what the last days used against
			// what it expected of them.
			int start = step.start();
			int since = n - start;
			double[] before = HoltWinters.forecast(states[start], phi, since + steps);
			double ratio = rescale(y, before, start, n);
			if (!(ratio >= 0) || Double.isInfinite(ratio)) {
				return seasonal(y, steps, model, reason, scale, options.without(Refinement.LEVEL_STEPS));
			}
			boolean shape = options.has(Refinement.STEP_SHAPE);
			raw = afterStep(y, before, start, n, steps, ratio, shape);
			why = reason + "; " + step + ": the pattern from before it scaled by "
					+ String.format(java.util.Locale.ROOT, "%.2f", ratio);
			if (shape && weeksAfterStep(start, n) > 0) {
				why += ", averaged with the " + weeksAfterStep(start, n) + " week(s) since";
			}
			// Once the rescaled pattern has a few days of its own errors, those calibrate
			// it; before that, the model's errors before the step (in relative units).
			int firstOrigin = start + RESCALE_HOURS;
			if (n - firstOrigin >= MIN_STEP_CALIBRATION) {
				double after = Math.max(MIN_FLOOR, FLOOR_SHARE * mean(y, Math.max(start, n - WEEK), n));
				heldOut = new HeldOut(y, firstOrigin, n,
						(origin) -> afterStep(y, before, start, origin, n - origin, ratio, shape), relative, after);
				why += "; intervals from its own errors since";
			}
		}
		else {
			raw = fit.forecast(steps);
			if (options.has(Refinement.SPIKE_ALLOWANCE) && fit.clipped() != null) {
				double allowance = allowance(fit, n - ALLOWANCE_SPAN, n);
				for (int h = 0; h < steps; h++) {
					raw[h] += allowance * Math.max(0, raw[h]);
				}
				why += String.format(java.util.Locale.ROOT,
						"; %.1f %% added for the spikes clipped over the last four weeks", 100 * allowance);
			}
		}
		List<List<Double>> errorsByHorizon = heldOut.errors;
		List<List<Double>> projectedByHorizon = heldOut.projected;
		List<List<Double>> cumulativeByHorizon = heldOut.cumulative;
		calibration = heldOut.span;
		double projectedFloor = Math.max(MIN_FLOOR, FLOOR_SHARE * meanProjected(raw, Math.min(steps, WEEK)));
		double[] units = new double[steps];
		double[] cumulativeUnits = new double[steps + 1];
		for (int h = 0; h < steps; h++) {
			units[h] = relative ? Math.max(Math.max(0, raw[h]), projectedFloor) : 1;
			cumulativeUnits[h + 1] = cumulativeUnits[h] + units[h];
		}
		boolean calibrated = true;
		double[][] bands = new double[5][steps];
		// Beyond half the held-out span too few origins reach; the widths stay at that
		// horizon's. Neighbouring horizons are pooled for more errors per width. Widths
		// depend on the horizon only through that centre: each is computed once.
		int lastCentre = calibration / 2 - 1;
		Widths[] widths = new Widths[lastCentre + 1];
		for (int h = 0; h < steps; h++) {
			int centre = Math.min(h, lastCentre);
			if (widths[centre] == null) {
				widths[centre] = Widths.of(pooled(errorsByHorizon, centre - 3, centre + 3),
						pooled(projectedByHorizon, centre - 3, centre + 3), options.has(Refinement.BINNED_WIDTHS));
			}
			calibrated &= widths[centre].enough();
			int bin = widths[centre].bin(Math.max(0, raw[h]));
			fill(bands, h, raw[h], units[h] * widths[centre].w80()[bin], units[h] * widths[centre].w95()[bin], scale);
		}
		double[][] paths = paths(bands,
				ConformalIntervals.scaledCumulativeWidths(cumulativeByHorizon, cumulativeUnits, steps, 0.80), scale);
		return new HourlyProjection(model, why, calibrated, bands[0], bands[1], bands[2], bands[3], bands[4], paths[0],
				paths[1]);
	}

	/**
	 * The 80 % and 95 % widths of one horizon, in units of the projected amount: one
	 * pair, or one per third of the held-out errors by projected amount (split-conformal
	 * per group, "Mondrian": quiet and busy hours each get the coverage, whether errors
	 * grow with the amount or not). A group with too few errors takes all errors' widths.
	 *
	 * @param lower the largest projected amount of the first third
	 * @param upper the largest of the second
	 */
	record Widths(double[] w80, double[] w95, boolean enough, double lower, double upper) {

		static Widths of(double[] errors, double[] projected, boolean binned) {
			// Order statistics by selection: the ranks a sort would give, without
			// sorting.
			double[] work = errors.clone();
			double w80 = ConformalIntervals.widthBySelection(work, 0.80);
			double w95 = ConformalIntervals.widthBySelection(work, 0.95);
			boolean enough = !Double.isNaN(w95);
			if (!enough) {
				double largest = Arrays.stream(errors).max().orElse(0);
				w80 = Double.isNaN(w80) ? largest : w80;
				w95 = largest;
			}
			if (!binned || !enough) {
				return new Widths(new double[] { w80 }, new double[] { w95 }, enough, Double.POSITIVE_INFINITY,
						Double.POSITIVE_INFINITY);
			}
			double[] amounts = projected.clone();
			double lower = ConformalIntervals.select(amounts, amounts.length / 3);
			double upper = ConformalIntervals.select(amounts, 2 * amounts.length / 3);
			Widths bins = new Widths(new double[3], new double[3], true, lower, upper);
			int[] counts = new int[3];
			for (double p : projected) {
				counts[bins.bin(p)]++;
			}
			double[][] byBin = { new double[counts[0]], new double[counts[1]], new double[counts[2]] };
			int[] filled = new int[3];
			for (int i = 0; i < errors.length; i++) {
				int b = bins.bin(projected[i]);
				byBin[b][filled[b]++] = errors[i];
			}
			for (int b = 0; b < 3; b++) {
				double b80 = ConformalIntervals.widthBySelection(byBin[b], 0.80);
				double b95 = ConformalIntervals.widthBySelection(byBin[b], 0.95);
				bins.w80[b] = Double.isNaN(b95) ? w80 : b80;
				bins.w95[b] = Double.isNaN(b95) ? w95 : b95;
			}
			return bins;
		}

		int bin(double projected) {
			return (this.w80.length == 1) ? 0 : (projected <= this.lower) ? 0 : (projected <= this.upper) ? 1 : 2;
		}

	}

	/**
	 * A lasting step of the daily level: every day since {@code start} used at least
	 * {@link #DAY_RATIO} times (or at most 1 / that) what the same weekday used in the
	 * last week before it, and all those days together at least {@link #TOTAL_RATIO}
	 * times (at most 1 / that), for at least {@link #MIN_DAYS} days. A growing trend or a
	 * spike does not do that; a team that wakes up or changes its working hours does.
	 *
	 * @param start the first hour at the new level (whole days counted back from the end)
	 * @param ratio what the days since used against the same weekdays before
	 */
	record LevelStep(int start, double ratio) {

		static final double DAY_RATIO = 1.4;

		static final double TOTAL_RATIO = 1.75;

		static final int MIN_DAYS = 2;

		/** The earliest such step (the longest run at the new level), or null. */
		static LevelStep find(double[] y) {
			int days = y.length / DAY;
			int offset = y.length - days * DAY;
			double[] totals = new double[days];
			for (int d = 0; d < days; d++) {
				for (int h = 0; h < DAY; h++) {
					totals[d] += y[offset + d * DAY + h];
				}
			}
			for (int c = 7; c <= days - MIN_DAYS; c++) {
				double since = 0;
				double before = 0;
				boolean up = true;
				boolean down = true;
				for (int j = c; j < days && (up || down); j++) {
					// The same weekday in the last week before the step.
					double then = totals[j - 7 * ((j - c) / 7 + 1)];
					since += totals[j];
					before += then;
					up &= totals[j] >= DAY_RATIO * then;
					down &= totals[j] * DAY_RATIO <= then;
				}
				if ((up && since > 0 && since >= TOTAL_RATIO * before)
						|| (down && before > 0 && since * TOTAL_RATIO <= before)) {
					return new LevelStep(offset + c * DAY, (before > 0) ? since / before : Double.POSITIVE_INFINITY);
				}
			}
			return null;
		}

		@Override
		public String toString() {
			return String.format(java.util.Locale.ROOT,
					"a lasting level step at hour %d of the history (daily totals x%.2f the same weekdays before)",
					this.start, this.ratio);
		}

	}

	/**
	 * Held-out errors of forecasts made at origins in [from, end), every
	 * {@link #ORIGIN_EVERY} hours, each as far as {@code end}: per horizon, the absolute
	 * hourly errors (in units of the projected amount, at least {@code floor}, when
	 * relative), the projected amounts, and the absolute errors of the sums of the first
	 * hours (in units of those hours' units). The mean projected is never negative:
	 * errors are measured against that.
	 */
	private static final class HeldOut {

		final List<List<Double>> errors = new ArrayList<>();

		final List<List<Double>> projected = new ArrayList<>();

		final List<List<Double>> cumulative = new ArrayList<>();

		final int span;

		HeldOut(double[] y, int from, int end, IntFunction<double[]> forecast, boolean relative, double floor) {
			this.span = end - from;
			for (int h = 0; h < this.span; h++) {
				this.errors.add(new ArrayList<>());
				this.projected.add(new ArrayList<>());
				this.cumulative.add(new ArrayList<>());
			}
			for (int origin = from; origin < end; origin += ORIGIN_EVERY) {
				double[] ahead = forecast.apply(origin);
				double sum = 0;
				double unitsSoFar = 0;
				for (int h = 0; h < end - origin; h++) {
					double p = Math.max(0, ahead[h]);
					double unit = relative ? Math.max(p, floor) : 1;
					this.errors.get(h).add(Math.abs(y[origin + h] - ahead[h]) / unit);
					this.projected.get(h).add(p);
					sum += y[origin + h] - p;
					unitsSoFar += unit;
					this.cumulative.get(h).add(Math.abs(sum) / unitsSoFar);
				}
			}
		}

	}

	/**
	 * The projection at {@code at} after a level step at {@code start}: the pattern from
	 * before it ({@code before}, from {@code start} on) rescaled ({@link #rescale}, or by
	 * {@code fallback} when that cannot be measured) and, with {@code shape}, averaged
	 * with the mean of the whole weeks since the step's first days, which know the new
	 * hours (a forecast combination: the old shape at the new level, and the new shape).
	 */
	private static double[] afterStep(double[] y, double[] before, int start, int at, int length, double fallback,
			boolean shape) {
		double ratio = rescale(y, before, start, at);
		if (!(ratio >= 0) || Double.isInfinite(ratio)) {
			ratio = fallback;
		}
		int weeks = shape ? weeksAfterStep(start, at) : 0;
		double[] out = new double[length];
		for (int h = 0; h < length; h++) {
			out[h] = ratio * Math.max(0, before[at - start + h]);
			if (weeks > 0) {
				double recent = 0;
				for (int w = 1; w <= weeks; w++) {
					recent += y[at + h % WEEK - w * WEEK];
				}
				out[h] = (out[h] + recent / weeks) / 2;
			}
		}
		return out;
	}

	/** Whole weeks between the step's first days and {@code at}. */
	private static int weeksAfterStep(int start, int at) {
		return Math.max(0, (at - start - RESCALE_SKIP) / WEEK);
	}

	/**
	 * What the hours before {@code at} used against what the pattern from before a step
	 * at {@code start} ({@code before}, from {@code start} on) expected of them; NaN when
	 * it expected nothing.
	 */
	private static double rescale(double[] y, double[] before, int start, int at) {
		int from = Math.max(start + RESCALE_SKIP, at - WEEK);
		if (at - from < RESCALE_HOURS) {
			from = at - Math.min(at - start, RESCALE_HOURS);
		}
		double actual = 0;
		double expected = 0;
		for (int t = from; t < at; t++) {
			actual += y[t];
			expected += Math.max(0, before[t - start]);
		}
		return (expected > 0) ? actual / expected : Double.NaN;
	}

	/**
	 * What clipping took off in [from, to) over what was fitted there: spikes are rare
	 * but part of the usage, so a projection of the clipped model is that much short.
	 */
	private static double allowance(HoltWinters.Fit fit, int from, int to) {
		double excess = 0;
		double fitted = 0;
		for (int t = Math.max(0, from); t < to; t++) {
			excess += fit.clipped()[t];
			fitted += Math.max(0, fit.fitted()[t]);
		}
		return (fitted > 0) ? Math.max(-0.5, excess / fitted) : 0;
	}

	private static double mean(double[] y, int from, int to) {
		double sum = 0;
		for (int t = Math.max(0, from); t < to; t++) {
			sum += y[t];
		}
		return (to > Math.max(0, from)) ? sum / (to - Math.max(0, from)) : 0;
	}

	private static double meanProjected(double[] raw, int hours) {
		double sum = 0;
		for (int h = 0; h < hours; h++) {
			sum += Math.max(0, raw[h]);
		}
		return (hours > 0) ? sum / hours : 0;
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
