package io.github.quotabroker.forecast;

/**
 * How far beyond its expectation or limit an anomaly is (issue #12: a z-score of 2 warns,
 * 3 is an anomaly; both configurable in {@code quota.forecast.anomalies.*}).
 */
public enum AnomalySeverity {

	/** Unusual: worth a look. */
	WARNING,

	/** Far beyond what is usual or allowed. */
	ANOMALY

}
