package io.github.quotabroker.forecast;

import java.time.Instant;

/**
 * An anomaly as found, before it is worded for an answer or recorded: amounts in the
 * pool's base unit (tokens for a workflow, a fraction for the cache-read share).
 *
 * @param subject the workflow id for {@link AnomalyKind#WORKFLOW_SIZE}; empty otherwise
 * @param expected see {@link Anomaly#expected()}
 * @param actual see {@link Anomaly#actual()}
 * @param score the z-score (hourly), the CUSUM p-value (changepoint), the tokens
 * (workflow) or the share (cache reads)
 */
record Finding(String teamId, String poolId, AnomalyKind kind, AnomalySeverity severity, Instant hour, String subject,
		double expected, double actual, double score) {

}
