package io.github.quotabroker.team;

import java.math.BigDecimal;

/**
 * One allocation's fair-share terms, as decisions read them.
 *
 * @param borrowLimitPercent {@code null}: without limit
 * @param maxActiveHolds the team's cap on its holds in force at once on one pool;
 * {@code null}: none
 */
public record AllocationTerm(String teamId, BigDecimal weight, long guaranteed, Integer borrowLimitPercent,
		boolean preemptible, Integer maxActiveHolds) {

	public AllocationTerm(String teamId, BigDecimal weight, long guaranteed, Integer borrowLimitPercent,
			boolean preemptible) {
		this(teamId, weight, guaranteed, borrowLimitPercent, preemptible, null);
	}

}
