package io.github.quotabroker.forecast;

import java.time.Instant;

/**
 * A new anomaly or changepoint was recorded and announced to its team: published once
 * across all instances, inside the transaction that records it, so that what listeners
 * write (a webhook's outbox row) commits with it. Raising a WARNING to an ANOMALY is
 * published again with the new severity.
 *
 * @param teamId the team
 * @param poolId the pool
 * @param kind what kind of anomaly
 * @param severity how far beyond the usual
 * @param hour the hour it concerns (see {@link Anomaly#hour()})
 * @param workflowId the workflow, for {@link AnomalyKind#WORKFLOW_SIZE}; else null
 * @param message what happened, as a plain sentence
 * @param detectedAt when it was recorded, by the service's clock
 */
public record AnomalyDetected(String teamId, String poolId, AnomalyKind kind, AnomalySeverity severity, Instant hour,
		String workflowId, String message, Instant detectedAt) {

}
