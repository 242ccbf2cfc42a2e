package io.github.quotabroker.forecast;

import java.util.Optional;

/**
 * Finds a lasting shift of the daily mean in a series of daily totals with the CUSUM test
 * on residuals (Ploberger and Krämer): the residuals are the totals less the mean of
 * their weekday (or less the overall mean with fewer than two weeks), their scaled
 * cumulative sum behaves like a Brownian bridge when the mean does not move, and its
 * largest excursion is compared with the Kolmogorov distribution. Where the mean moved is
 * the day a step, fitted by least squares together with the weekday means, explains most.
 * The statistic and its p-value are statsmodels' {@code breaks_cusumolsresid}, the day is
 * the least residual sum of squares of statsmodels' OLS with weekday dummies and a step;
 * {@code ChangepointsReferenceTest} checks both against statsmodels 0.13.5. Pure
 * arithmetic: no Spring, no clock.
 */
public final class Changepoints {

	/** Days in the weekly rhythm the residuals are taken from. */
	static final int WEEK = 7;

	/**
	 * A shift of the daily mean.
	 *
	 * @param day index of the first day at the new level
	 * @param before mean daily total before it
	 * @param after that mean plus the step fitted with the weekday means: the daily mean
	 * from the changepoint on, with the weekly rhythm taken out
	 * @param statistic the CUSUM statistic, the largest scaled excursion
	 * @param pValue the chance of an excursion this large without any shift
	 */
	public record Shift(int day, double before, double after, double statistic, double pValue) {

		/** The change of the daily mean relative to the level before it. */
		public double relativeChange() {
			return (this.before > 0) ? (this.after - this.before) / this.before : Double.POSITIVE_INFINITY;
		}

	}

	private Changepoints() {
	}

	/**
	 * The most prominent shift of the mean of {@code daily}, if the CUSUM test finds one
	 * with a p-value at most {@code maxPValue}, at least {@code minDays} days on both
	 * sides, and a change of at least {@code minRelativeChange} of the level before it.
	 */
	public static Optional<Shift> find(double[] daily, int minDays, double maxPValue, double minRelativeChange) {
		int n = daily.length;
		if (n < 2 * Math.max(minDays, 2)) {
			return Optional.empty();
		}
		boolean weekly = n >= 2 * WEEK;
		double[] residuals = weekly ? residualsFromWeekdayMeans(daily) : residualsFromMean(daily);
		int ddof = weekly ? WEEK : 1;
		double statistic = statistic(residuals, ddof);
		if (Double.isNaN(statistic)) {
			return Optional.empty();
		}
		double pValue = kolmogorovSurvival(statistic);
		if (pValue > maxPValue) {
			return Optional.empty();
		}
		// Where: the split whose step, fitted together with the weekday means, explains
		// most of the variance (by Frisch-Waugh-Lovell, the step's regression on the
		// same residuals). The bare peak of the CUSUM would be pulled towards whole
		// weeks by the weekday means.
		int day = -1;
		double best = -1;
		double step = 0;
		for (int k = Math.max(minDays, 1); k <= n - Math.max(minDays, 1); k++) {
			double[] indicator = new double[n];
			java.util.Arrays.fill(indicator, k, n, 1);
			double[] s = weekly ? residualsFromWeekdayMeans(indicator) : residualsFromMean(indicator);
			double rs = 0;
			double ss = 0;
			for (int i = 0; i < n; i++) {
				rs += residuals[i] * s[i];
				ss += s[i] * s[i];
			}
			if (ss > 0 && rs * rs / ss > best) {
				best = rs * rs / ss;
				day = k;
				step = rs / ss;
			}
		}
		if (day < 0) {
			return Optional.empty();
		}
		double before = mean(daily, 0, day);
		Shift shift = new Shift(day, before, before + step, statistic, pValue);
		if (Math.abs(shift.relativeChange()) < minRelativeChange) {
			return Optional.empty();
		}
		return Optional.of(shift);
	}

	/**
	 * statsmodels' {@code breaks_cusumolsresid(resid, ddof)}: the largest absolute
	 * cumulative sum of the residuals over the square root of n·σ², σ² their mean square
	 * with {@code ddof} degrees of freedom taken; {@link Double#NaN} when they are all
	 * zero.
	 */
	static double statistic(double[] residuals, int ddof) {
		int n = residuals.length;
		double squares = 0;
		for (double r : residuals) {
			squares += r * r;
		}
		if (ddof > 0) {
			squares = squares / (n - ddof) * n;
		}
		if (!(squares > 0)) {
			return Double.NaN;
		}
		double scale = Math.sqrt(squares);
		double sum = 0;
		double sup = 0;
		for (double r : residuals) {
			sum += r;
			sup = Math.max(sup, Math.abs(sum) / scale);
		}
		return sup;
	}

	/**
	 * P(sup|B| > x) for a standard Brownian bridge B: the Kolmogorov distribution's
	 * survival function (scipy's {@code kstwobign.sf}).
	 */
	static double kolmogorovSurvival(double x) {
		if (x <= 0) {
			return 1;
		}
		if (x < 1) {
			// The theta-function form converges fast for small x:
			// 1 - sqrt(2 pi)/x * sum exp(-(2k-1)^2 pi^2 / (8 x^2)).
			double sum = 0;
			for (int k = 1; k <= 20; k++) {
				sum += Math.exp(-(2 * k - 1) * (2 * k - 1) * Math.PI * Math.PI / (8 * x * x));
			}
			return 1 - Math.sqrt(2 * Math.PI) / x * sum;
		}
		double sum = 0;
		for (int k = 1; k <= 100; k++) {
			double term = Math.exp(-2.0 * k * k * x * x);
			sum += ((k % 2 == 1) ? term : -term);
			if (term < 1e-18) {
				break;
			}
		}
		return Math.min(1, Math.max(0, 2 * sum));
	}

	/** Totals less the mean of their weekday (day i is weekday i mod 7). */
	static double[] residualsFromWeekdayMeans(double[] daily) {
		double[] sums = new double[WEEK];
		int[] counts = new int[WEEK];
		for (int i = 0; i < daily.length; i++) {
			sums[i % WEEK] += daily[i];
			counts[i % WEEK]++;
		}
		double[] residuals = new double[daily.length];
		for (int i = 0; i < daily.length; i++) {
			residuals[i] = daily[i] - sums[i % WEEK] / counts[i % WEEK];
		}
		return residuals;
	}

	private static double[] residualsFromMean(double[] daily) {
		double mean = mean(daily, 0, daily.length);
		double[] residuals = new double[daily.length];
		for (int i = 0; i < daily.length; i++) {
			residuals[i] = daily[i] - mean;
		}
		return residuals;
	}

	private static double mean(double[] values, int from, int to) {
		double sum = 0;
		for (int i = from; i < to; i++) {
			sum += values[i];
		}
		return sum / (to - from);
	}

}
