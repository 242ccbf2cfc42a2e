package io.github.quotabroker.forecast.backtest;

import java.time.Duration;
import java.time.Instant;

/**
 * One replayed trace: hourly usage of one team (messages, and tokens for the token pool),
 * recorded as one event in the middle of each hour. Forecasts are scored at every hour
 * boundary from {@code evaluateFrom} on.
 *
 * @param name short name used in the report
 * @param description what the trace exercises, in words
 * @param start the first hour (a Monday 00:00 UTC)
 * @param messages messages per hour
 * @param tokens tokens per hour
 * @param evaluateFrom the first hour boundary at which forecasts are scored (the warm-up)
 */
record Trace(String name, String description, Instant start, long[] messages, long[] tokens, int evaluateFrom) {

	static final Duration EVENT_OFFSET = Duration.ofMinutes(30);

	int hours() {
		return this.messages.length;
	}

	Instant hourStart(int hour) {
		return this.start.plus(Duration.ofHours(hour));
	}

	/** When the hour's one aggregated event is stamped. */
	Instant eventAt(int hour) {
		return hourStart(hour).plus(EVENT_OFFSET);
	}

	Instant end() {
		return hourStart(hours());
	}

}
