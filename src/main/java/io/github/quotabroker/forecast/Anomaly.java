package io.github.quotabroker.forecast;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One anomaly in the anomalies answer.
 *
 * @param kind what kind
 * @param severity WARNING or ANOMALY
 * @param poolId the pool
 * @param hour the hour examined ({@link AnomalyKind#HOURLY_USAGE}); the first day at the
 * new level ({@link AnomalyKind#CHANGEPOINT}); the day
 * ({@link AnomalyKind#CACHE_READ_SHARE}); the hour the workflow started
 * ({@link AnomalyKind#WORKFLOW_SIZE})
 * @param unit what {@code expected} and {@code actual} count: the pool's unit (per hour,
 * or per day for a changepoint), {@code TOKENS} for a workflow, {@code SHARE} for the
 * cache-read share
 * @param expected the seasonal expectation of the hour; the daily mean before a
 * changepoint; the configured warning level of a workflow's size or of the share
 * @param actual the hour's usage; the daily mean from the changepoint on; the workflow's
 * tokens; the day's cache-read share
 * @param zScore how many residual σ the hour lies above its expectation (hourly only)
 * @param pValue the CUSUM test's p-value (changepoints only)
 * @param workflowId the workflow (workflow size only)
 * @param message what happened, as a plain sentence
 * @param topContributors who added most to the hour (hourly only)
 * @param announcedAt when it went out on the team's event stream; absent when not (yet)
 * announced
 */
public record Anomaly(AnomalyKind kind, AnomalySeverity severity, String poolId, Instant hour, String unit,
		BigDecimal expected, BigDecimal actual, Double zScore, Double pValue, String workflowId, String message,
		TopContributors topContributors, Instant announcedAt) {

	/** The largest contributors to an hour, per dimension, largest first. */
	public record TopContributors(List<Share> members, List<Share> agents, List<Share> models, List<Share> workflows) {

	}

	/**
	 * One contributor and what it added, in the pool's unit; {@code id} is absent for
	 * events that name no member, agent or workflow.
	 */
	public record Share(String id, BigDecimal amount) {

	}

}
