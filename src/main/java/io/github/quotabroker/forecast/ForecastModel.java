package io.github.quotabroker.forecast;

/** Which model produced a projection; the fallbacks of issue #12, in order. */
public enum ForecastModel {

	/** Holt-Winters on the team's own hourly history (three weeks or more). */
	HOLT_WINTERS,

	/**
	 * Holt-Winters on the pool's history, scaled by the team's share of the pool's usage.
	 */
	POOL_PATTERN,

	/**
	 * An EWMA (α 0.3) of the team's daily totals, spread over the hours by the team's
	 * hour-of-day shape.
	 */
	EWMA_DAILY,

	/** Less than a day of usage: nothing is projected. */
	NO_HISTORY

}
