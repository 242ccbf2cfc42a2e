package io.github.quotabroker.schedule;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /teams/{teamId}/plans/feasibility}: "does this sprint fit our
 * quota?".
 *
 * @param days the sprint's length from {@code from}, 1 to 31; or {@code to}
 * @param from the sprint's start (default now; not in the past)
 * @param to the sprint's end, at most 31 days from now
 * @param storyPoints the sprint's points; or {@code tasks}
 * @param costPerPoint what one point costs, by pool id, in the pool's unit; pools not
 * named learn it from the team's workflow runs, else from the configured default; the
 * pools named are the pools assessed (default: all of the team's)
 * @param tasks the sprint's tasks instead of points
 * @param uncertainty the factor needs are multiplied by, 1 to 10; default 1.3
 */
public record FeasibilityRequest(Integer days, Instant from, Instant to, BigDecimal storyPoints,
		Map<String, BigDecimal> costPerPoint, List<Task> tasks, BigDecimal uncertainty) {

	/**
	 * One task: {@code estimatedAmount} in the pool's unit, or {@code taskType} (its mean
	 * run in the team's history).
	 *
	 * @param poolId the pool it draws on; required when the team has more than one
	 */
	public record Task(BigDecimal estimatedAmount, String taskType, String poolId) {
	}

}
