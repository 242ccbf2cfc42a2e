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
		int n = absoluteErrors.length;
		int rank = (int) Math.ceil((n + 1) * coverage);
		if (n == 0 || rank > n) {
			return Double.NaN;
		}
		double[] sorted = absoluteErrors.clone();
		Arrays.sort(sorted);
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

}
