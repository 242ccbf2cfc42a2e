package io.github.quotabroker.forecast;

/** What kind of anomaly a team's usage of a pool shows. */
public enum AnomalyKind {

	/** An hour's usage far above the seasonal expectation for that hour. */
	HOURLY_USAGE,

	/** A lasting shift of the mean of the daily totals. */
	CHANGEPOINT,

	/** One workflow used more than the configured size. */
	WORKFLOW_SIZE,

	/** Cache reads fell below the configured share of the team's tokens over a day. */
	CACHE_READ_SHARE

}
