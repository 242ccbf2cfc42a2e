package io.github.quotabroker.forecast;

import java.time.Instant;
import java.util.List;

/**
 * The anomalies of a team's usage in [from, to), oldest first.
 *
 * @param teamId the team
 * @param from first hour examined
 * @param to end of the examined hours (complete hours only)
 * @param warningZ the z-score from which an hour warns
 * @param anomalyZ the z-score from which an hour is an anomaly
 * @param pools per pool, the model the hourly expectation came from
 * @param anomalies what was found, by hour
 */
public record TeamAnomalies(String teamId, Instant from, Instant to, double warningZ, double anomalyZ,
		List<PoolModel> pools, List<Anomaly> anomalies) {

	/**
	 * The model of a pool's hourly expectation (for the last day examined).
	 *
	 * @param poolId the pool
	 * @param unit the pool's unit
	 * @param model HOLT_WINTERS, POOL_PATTERN or NO_HISTORY (no hourly anomalies then)
	 * @param modelReason why, in plain words
	 * @param residualScale σ of the model's one-step errors, in the pool's unit per hour
	 */
	public record PoolModel(String poolId, String unit, ForecastModel model, String modelReason,
			java.math.BigDecimal residualScale) {

	}

}
