package io.github.quotabroker.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * Usage so far against an even spread of a budget over the window: 1.0 is on pace, 1.2
 * means 20 % ahead of it. A calendar window's budget accrues from its start to its reset;
 * a rolling window is always a whole window long, so its pace is the share of the budget
 * in use. Pure arithmetic.
 *
 * @param value the ratio, or null when nothing of the budget is due yet (a zero budget,
 * or the first instant of a window)
 * @param status {@code ON_PACE}, {@code WARNING} or {@code CRITICAL}
 * @param basis what the ratio compares, in words
 */
public record Pace(Double value, Status status, String basis) {

	/** How far ahead of pace; the thresholds are {@code quota.forecast.pace-*}. */
	public enum Status {

		ON_PACE, WARNING, CRITICAL

	}

	/**
	 * @param used usage in the window so far
	 * @param budget what may be used in a whole window
	 * @param countsFrom the window's start
	 * @param nextReset the calendar window's reset, or null for a rolling window
	 */
	static Pace of(long used, long budget, Instant countsFrom, Instant nextReset, Instant now, double warning,
			double critical) {
		double due;
		String basis;
		if (nextReset == null) {
			due = budget;
			basis = "rolling window: usage in the window against the whole budget";
		}
		else {
			long length = Duration.between(countsFrom, nextReset).getSeconds();
			long elapsed = Math.max(0, Duration.between(countsFrom, now).getSeconds());
			due = (length > 0) ? budget * (double) elapsed / length : budget;
			basis = "calendar window: usage so far against the budget spread evenly from " + countsFrom + " to "
					+ nextReset;
		}
		if (due <= 0) {
			return new Pace(null, Status.ON_PACE, basis + "; nothing is due yet");
		}
		double value = Math.round(used / due * 1000) / 1000.0;
		Status status = (value >= critical) ? Status.CRITICAL : (value >= warning) ? Status.WARNING : Status.ON_PACE;
		return new Pace(value, status, basis);
	}

}
