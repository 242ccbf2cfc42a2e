package io.github.quotabroker.forecast;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What one run of a task type costs a team in a pool, from its history: a run is the
 * events of one {@code workflowId} with that {@code taskType} (an event without a
 * workflow is a run by itself). P50, P90 and the mean are null when there is no run to
 * learn from.
 */
public record TaskEstimate(String teamId, String poolId, String taskType, String unit, Instant from, Instant to,
		int runs, BigDecimal p50, BigDecimal p90, BigDecimal mean, String basis) {

	/** How many days of runs estimates learn from. */
	public static final int HISTORY_DAYS = 28;

}
