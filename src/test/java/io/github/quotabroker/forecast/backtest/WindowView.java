package io.github.quotabroker.forecast.backtest;

import java.time.Duration;
import java.time.Instant;

/**
 * What a baseline sees at an hour boundary: the pool's hourly history and the window now.
 * Amounts are in the pool's unit.
 *
 * @param history usage per complete hour, oldest first, ending at {@code now}
 * @param now an hour boundary
 * @param countsFrom the window's start (rolling: {@code now} less its length)
 * @param nextReset the calendar window's next reset, or null for a rolling window
 * @param rolling the rolling window's length, or null for a calendar window
 * @param used usage in the window now
 * @param firstUsageInWindow when the first usage still in the window was recorded, or
 * null when there is none
 * @param pastWindowTotals totals of complete past windows (rolling: 5-hour sessions
 * opened by a first use, as Claude-Code-Usage-Monitor counts them), oldest first
 */
record WindowView(double[] history, Instant now, Instant countsFrom, Instant nextReset, Duration rolling, double used,
		Instant firstUsageInWindow, double[] pastWindowTotals) {

	/** The instant the usage of history hour {@code i} was recorded (mid-hour). */
	Instant recordedAt(int i) {
		return this.now.minus(Duration.ofHours(this.history.length - i)).plus(Trace.EVENT_OFFSET);
	}

}
