package io.github.quotabroker.team;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Permission for a team to draw on a pool, with its fair-share terms.
 *
 * @param weight the team's part of the pool relative to the other allocations
 * @param guaranteed amount protected for the team, in base units of the pool's unit
 * @param borrowLimitPercent how far beyond its share the team may go, in percent of the
 * share; {@code null}: without limit
 * @param preemptible whether the team's holds may be preempted unless a request says
 * otherwise
 */
public record Allocation(String poolId, String teamId, BigDecimal weight, long guaranteed, Integer borrowLimitPercent,
		boolean preemptible, Instant createdAt, Instant updatedAt) {

	public static final int DEFAULT_BORROW_LIMIT_PERCENT = 20;

	public static final int MAX_BORROW_LIMIT_PERCENT = 10_000;

}
