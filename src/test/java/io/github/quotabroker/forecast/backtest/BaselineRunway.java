package io.github.quotabroker.forecast.backtest;

import java.time.Duration;
import java.time.Instant;

/**
 * The window arithmetic shared by the baselines: when a steady rate from now empties what
 * is left, and the total it projects at the reset. A rolling window gives back recorded
 * usage one window after it was recorded, and projected usage one window after it is
 * projected; a calendar window keeps everything until its reset.
 */
final class BaselineRunway {

	private BaselineRunway() {
	}

	/**
	 * The first instant before {@code cap} at which usage reaches {@code limit}, or null.
	 */
	static Instant exhaustion(WindowView view, double limit, double perHour, Instant cap) {
		double left = limit - view.used();
		if (left <= 0) {
			return view.now();
		}
		if (view.rolling() == null) {
			if (perHour <= 0) {
				return null;
			}
			Instant at = view.now().plusSeconds(Math.round(left / perHour * 3600));
			return at.isBefore(cap) ? at : null;
		}
		int window = (int) view.rolling().toMinutes();
		int minutes = (int) Duration.between(view.now(), cap).toMinutes();
		double[] back = new double[minutes];
		double[] h = view.history();
		for (int i = 0; i < h.length; i++) {
			Instant recorded = view.recordedAt(i);
			if (recorded.isAfter(view.now().minus(view.rolling()))) {
				long m = Duration.between(view.now(), recorded.plus(view.rolling())).toMinutes();
				if (m >= 0 && m < minutes) {
					back[(int) m] += h[i];
				}
			}
		}
		double perMinute = perHour / 60;
		for (int m = 0; m < minutes; m++) {
			left += back[m];
			left -= perMinute;
			if (m >= window) {
				left += perMinute;
			}
			if (left <= 0) {
				return view.now().plus(Duration.ofMinutes(m + 1));
			}
		}
		return null;
	}

	/** The window's total at its reset at a steady rate from now. */
	static double totalAtReset(WindowView view, double perHour) {
		return view.used() + perHour * Duration.between(view.now(), view.nextReset()).toSeconds() / 3600.0;
	}

}
