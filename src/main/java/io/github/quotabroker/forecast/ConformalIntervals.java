package io.github.quotabroker.forecast;

import java.util.Arrays;

/**
 * Split-conformal interval widths: from absolute forecast errors measured on held-out
 * history, the width that covers a new error with the nominal probability. The model's
 * own variance is not trusted (the issue cites "80 %" bands covering 59 % until
 * calibrated).
 */
final class ConformalIntervals {

	private ConformalIntervals() {
	}

	/**
	 * The ⌈(n + 1)·coverage⌉-th smallest absolute error, or {@link Double#NaN} when there
	 * are too few errors for that rank to exist.
	 */
	static double width(double[] absoluteErrors, double coverage) {
		double[] sorted = absoluteErrors.clone();
		Arrays.sort(sorted);
		return widthOfSorted(sorted, coverage);
	}

	/**
	 * The k-th smallest value of {@code a} (from 0), as {@code a} sorted ascending would
	 * have it at {@code k}; reorders {@code a} (quickselect: linear on average, not a
	 * sort's n log n).
	 */
	static double select(double[] a, int k) {
		int lo = 0;
		int hi = a.length - 1;
		while (hi > lo) {
			double pivot = a[(lo + hi) >>> 1];
			int i = lo;
			int j = hi;
			while (i <= j) {
				while (a[i] < pivot) {
					i++;
				}
				while (a[j] > pivot) {
					j--;
				}
				if (i <= j) {
					double swap = a[i];
					a[i] = a[j];
					a[j] = swap;
					i++;
					j--;
				}
			}
			if (k <= j) {
				hi = j;
			}
			else if (k >= i) {
				lo = i;
			}
			else {
				return a[k];
			}
		}
		return a[k];
	}

	/** {@link #width} by selection: reorders {@code errors}, no copy and no sort. */
	static double widthBySelection(double[] errors, double coverage) {
		int n = errors.length;
		int rank = (int) Math.ceil((n + 1) * coverage);
		if (n == 0 || rank > n) {
			return Double.NaN;
		}
		return select(errors, rank - 1);
	}

	/**
	 * {@link #width} of errors already sorted ascending (one sort for several coverages).
	 */
	static double widthOfSorted(double[] sorted, double coverage) {
		int n = sorted.length;
		int rank = (int) Math.ceil((n + 1) * coverage);
		if (n == 0 || rank > n) {
			return Double.NaN;
		}
		return sorted[rank - 1];
	}

	/** The width at a coverage, or the largest error when too few errors calibrate it. */
	static double widthOrLargest(double[] absoluteErrors, double coverage) {
		double width = width(absoluteErrors, coverage);
		if (!Double.isNaN(width)) {
			return width;
		}
		return Arrays.stream(absoluteErrors).max().orElse(0);
	}

	/** Errors needed before a cumulative width counts: a 0.80 rank among 10 or more. */
	static final int MIN_CUMULATIVE_ERRORS = 10;

	/**
	 * Calibrated widths of the sum of the first {@code k} projected hours, for k = 0 to
	 * {@code steps}: {@code byHorizon.get(k - 1)} holds the absolute errors of such sums
	 * from held-out origins. Beyond the last horizon with enough errors the width grows
	 * in proportion to k (level errors persist, so sums drift apart linearly); widths
	 * never shrink with k. Null when no horizon has enough errors.
	 */
	static double[] cumulativeWidths(java.util.List<java.util.List<Double>> byHorizon, int steps, double coverage) {
		double[] widths = new double[steps + 1];
		int lastGood = 0;
		for (int k = 1; k <= steps; k++) {
			double width = Double.NaN;
			if (k <= byHorizon.size() && byHorizon.get(k - 1).size() >= MIN_CUMULATIVE_ERRORS) {
				width = width(byHorizon.get(k - 1).stream().mapToDouble(Double::doubleValue).toArray(), coverage);
			}
			if (!Double.isNaN(width)) {
				lastGood = k;
			}
			else if (lastGood == 0) {
				continue;
			}
			else {
				width = widths[lastGood] * k / lastGood;
			}
			widths[k] = Math.max(width, widths[k - 1]);
		}
		if (lastGood == 0) {
			return null;
		}
		return widths;
	}

	/**
	 * Calibrated widths of the sum of the first {@code k} projected hours when errors are
	 * measured relative to a scale: {@code byHorizon.get(k - 1)} holds the absolute
	 * errors of such sums divided by the scale of each sum, and the width of the
	 * projected sum is that ratio's calibrated rank times {@code scales[k]} (the
	 * projection's scale of its first {@code k} hours, e.g. its projected amount). Beyond
	 * the last horizon with enough errors the width grows in proportion to the scale;
	 * widths never shrink with k. With {@code scales[k] = k} and unscaled errors this is
	 * {@link #cumulativeWidths(java.util.List, int, double)}. Null when no horizon has
	 * enough errors.
	 */
	static double[] scaledCumulativeWidths(java.util.List<java.util.List<Double>> byHorizon, double[] scales, int steps,
			double coverage) {
		double[] widths = new double[steps + 1];
		int lastGood = 0;
		for (int k = 1; k <= steps; k++) {
			double width = Double.NaN;
			if (k <= byHorizon.size() && byHorizon.get(k - 1).size() >= MIN_CUMULATIVE_ERRORS) {
				width = scales[k]
						* width(byHorizon.get(k - 1).stream().mapToDouble(Double::doubleValue).toArray(), coverage);
			}
			if (!Double.isNaN(width)) {
				lastGood = k;
			}
			else if (lastGood == 0) {
				continue;
			}
			else {
				width = (scales[lastGood] > 0) ? widths[lastGood] * scales[k] / scales[lastGood] : widths[lastGood];
			}
			widths[k] = Math.max(width, widths[k - 1]);
		}
		if (lastGood == 0) {
			return null;
		}
		return widths;
	}

}
