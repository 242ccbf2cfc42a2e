package io.github.quotabroker.forecast.backtest;

/**
 * A baseline forecasting method of the backtest: a steady rate per hour from now on. The
 * window arithmetic (roll-off, reset) is the same for every method, see
 * {@link BaselineRunway}.
 */
interface Baseline {

	String name();

	double perHour(WindowView view);

	/**
	 * ccusage's burn rate: usage in the window so far over the time since the window's
	 * first usage (calendar windows: since the window began), at least an hour.
	 */
	final class LinearSoFar implements Baseline {

		@Override
		public String name() {
			return "linear";
		}

		@Override
		public double perHour(WindowView view) {
			java.time.Instant since = (view.rolling() != null) ? view.firstUsageInWindow() : view.countsFrom();
			if (since == null || view.used() <= 0) {
				return 0;
			}
			double hours = Math.max(1, java.time.Duration.between(since, view.now()).toSeconds() / 3600.0);
			return view.used() / hours;
		}

	}

	/**
	 * An EWMA (α 0.3) of the complete daily totals counted back from now, spread evenly
	 * over the hours of a day.
	 */
	final class DailyEwma implements Baseline {

		static final double ALPHA = 0.3;

		@Override
		public String name() {
			return "ewma";
		}

		@Override
		public double perHour(WindowView view) {
			double[] h = view.history();
			int days = h.length / 24;
			if (days == 0) {
				return (h.length == 0) ? 0 : java.util.Arrays.stream(h).sum() / h.length;
			}
			int offset = h.length - days * 24;
			double level = 0;
			for (int d = 0; d < days; d++) {
				double total = 0;
				for (int i = 0; i < 24; i++) {
					total += h[offset + d * 24 + i];
				}
				level = (d == 0) ? total : ALPHA * total + (1 - ALPHA) * level;
			}
			return level / 24;
		}

	}

	/**
	 * Claude-Code-Usage-Monitor's P90: the 90th percentile (nearest rank) of the totals
	 * of past windows is what this window will reach. Calendar windows: the rest of it is
	 * spread evenly until the reset (nothing more when the window is already above it);
	 * rolling windows: the P90 session total per window length. Without a complete past
	 * window it falls back to {@link LinearSoFar}.
	 */
	final class PastWindowsP90 implements Baseline {

		@Override
		public String name() {
			return "p90";
		}

		@Override
		public double perHour(WindowView view) {
			double[] totals = view.pastWindowTotals();
			if (totals.length == 0) {
				return new LinearSoFar().perHour(view);
			}
			double[] sorted = totals.clone();
			java.util.Arrays.sort(sorted);
			double p90 = sorted[Math.max(1, (int) Math.ceil(0.9 * sorted.length)) - 1];
			if (view.rolling() != null) {
				return p90 / (view.rolling().toSeconds() / 3600.0);
			}
			double hours = java.time.Duration.between(view.now(), view.nextReset()).toSeconds() / 3600.0;
			return (hours > 0) ? Math.max(0, p90 - view.used()) / hours : 0;
		}

	}

}
